extension Form {
    /// The form as canonical JSON, using the same keys as the YAML, so it loads back as the same form.
    ///
    /// This is what `canvass render --format json` prints and what the collector serves at `GET /forms/{form}`.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "form": .string(id),
            "version": .string(version),
            "title": title.json,
            "languages": .array(languages.map(JSONValue.string)),
            "sections": .array(sections.map(\.json)),
        ]
        if let description { members["description"] = description.json }
        if let submissionURL { members["settings"] = .object(["submission_url": .string(submissionURL)]) }
        if !choiceLists.isEmpty {
            members["choices"] = .object(
                Dictionary(uniqueKeysWithValues: choiceLists.map { ($0.name, .array($0.choices.map(\.json))) }))
        }
        return .object(members)
    }
}

extension LocalizedText {
    /// A single-language text as a string; several languages as an object.
    var json: JSONValue {
        translations.count == 1 && translations[defaultLanguage] != nil
            ? .string(text) : .object(translations.mapValues(JSONValue.string))
    }
}

extension Choice {
    var json: JSONValue {
        var members: [String: JSONValue] = ["value": .string(value), "label": label.json]
        if isMissing { members["missing"] = .bool(true) }
        if isExclusive { members["exclusive"] = .bool(true) }
        return .object(members)
    }
}

extension Section {
    var json: JSONValue {
        var members: [String: JSONValue] = ["id": .string(id), "questions": .array(questions.map(\.json))]
        if let title { members["title"] = title.json }
        if let description { members["description"] = description.json }
        if let relevant { members["relevant"] = .string(relevant.description) }
        if let rule = repeatRule {
            var repeatMembers: [String: JSONValue] = ["min": .number(Double(rule.minimum))]
            if let maximum = rule.maximum { repeatMembers["max"] = .number(Double(maximum)) }
            if let noun = rule.noun { repeatMembers["noun"] = .string(noun) }
            members["repeat"] = .object(repeatMembers)
        }
        return .object(members)
    }
}

extension Question {
    var json: JSONValue {
        var members: [String: JSONValue] = ["id": .string(id), "type": .string(type.rawValue)]
        if let label { members["label"] = label.json }
        if let hint { members["hint"] = hint.json }
        if isRequired { members["required"] = .bool(true) }
        if let requiredMessage { members["required_message"] = requiredMessage.json }
        if let relevant { members["relevant"] = .string(relevant.description) }
        if let constraint { members["constraint"] = .string(constraint.description) }
        if let constraintMessage { members["constraint_message"] = constraintMessage.json }
        if let calculation { members["calculation"] = .string(calculation.description) }
        if let defaultValue { members["default"] = defaultValue }
        if isReadOnly { members["read_only"] = .bool(true) }
        if let choiceList { members["choices"] = .string(choiceList) }
        if !items.isEmpty {
            members["items"] = .array(items.map { .object([$0.id: $0.label.json]) })
        }
        if !accept.isEmpty { members["accept"] = .array(accept.map(JSONValue.string)) }
        return .object(members)
    }
}
