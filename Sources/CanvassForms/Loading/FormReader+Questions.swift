import Foundation

extension FormReader {
    /// Reads one question and checks the keys its type needs and allows.
    mutating func readQuestion(_ node: SourceNode, choiceLists: [ChoiceList]) -> Question? {
        guard let fields = mapping(node, "a question", keys: Self.questionKeys, example: "id, type and label") else {
            return nil
        }
        let id = requiredText(
            fields, "id", at: node.location, "add one, e.g. `id: bid_staff_days`", what: "this question")
        if let id, let idNode = fields["id"] { registerID(id, at: idNode.location, kind: "question") }
        let name = id ?? "?"
        // A list this question names is in use even if the question has other errors: saying it is unused as well
        // would send the reader to the wrong place.
        if let choicesNode = fields["choices"], case .scalar(let scalar) = choicesNode, !scalar.isNull {
            usedChoiceLists.insert(scalar.text)
        }

        guard let typeNode = fields["type"] else {
            error(
                node.location,
                "question '\(name)' has no 'type'; add one of "
                    + QuestionType.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        guard let typeName = text(typeNode, "type") else { return nil }
        guard let type = QuestionType(rawValue: typeName) else {
            let hint =
                QuestionType.suggestion(for: typeName).map { "; did you mean '\($0.rawValue)'?" }
                ?? "; the types are \(QuestionType.allCases.map(\.rawValue).joined(separator: ", "))"
            error(typeNode.location, "unknown question type '\(typeName)'\(hint)")
            return nil
        }

        var question = Question(id: name, type: type)
        checkKeysApply(fields, to: type, question: name)

        if let labelNode = fields["label"] {
            question.label = localized(labelNode, "label")
        } else if type != .calculate {
            error(node.location, "question '\(name)' has no 'label'; add the question people will read")
        }
        question.hint = fields["hint"].flatMap { localized($0, "hint") }
        question.requiredMessage = fields["required_message"].flatMap { localized($0, "required_message") }
        question.constraintMessage = fields["constraint_message"].flatMap { localized($0, "constraint_message") }
        if let flagNode = fields["required"] {
            question.isRequired = flag(flagNode, "required") ?? false
            if question.isRequired, !type.isAnswered {
                error(
                    flagNode.location,
                    "a \(type.rawValue) has no answer to give, so it cannot be required; remove 'required'")
            }
        }
        if let flagNode = fields["read_only"] {
            question.isReadOnly = flag(flagNode, "read_only") ?? false
        }
        question.relevant = fields["relevant"].flatMap {
            expression($0, field: .relevant, owner: name, ownerIsSection: false)
        }
        question.constraint = fields["constraint"].flatMap {
            expression($0, field: .constraint, owner: name, ownerIsSection: false)
        }
        if let constraintNode = fields["constraint"], fields["constraint_message"] == nil, type.isAnswered {
            warning(
                constraintNode.location,
                "question '\(name)' has a constraint but no constraint_message; add one that tells people what to enter"
            )
        }
        if let calculationNode = fields["calculation"] {
            question.calculation = expression(calculationNode, field: .calculation, owner: name, ownerIsSection: false)
        } else if type == .calculate {
            error(
                node.location,
                "question '\(name)' is a calculate but has no 'calculation'; add the expression to compute")
        }

        if let choicesNode = fields["choices"], type.usesChoices {
            question.choiceList = readChoiceReference(choicesNode, type: type, question: name, lists: choiceLists)
        } else if type.usesChoices {
            error(
                node.location,
                "question '\(name)' is a \(type.rawValue) but has no 'choices'; name a choice list, e.g. `choices: directorate`"
            )
        }
        if type == .matrix {
            if let itemsNode = fields["items"] {
                question.items = readItems(itemsNode, question: name)
            } else {
                error(node.location, "matrix question '\(name)' has no 'items'; list the statements people rate")
            }
        }
        if let acceptNode = fields["accept"], type == .file,
            let items = list(acceptNode, "accept", example: "a list of media types such as [application/pdf]")
        {
            question.accept = items.compactMap { item in
                guard let value = text(item, "accept") else { return nil }
                if !value.contains("/") {
                    error(item.location, "'\(value)' is not a media type; write it like application/pdf or image/*")
                }
                return value
            }
        }
        if let defaultNode = fields["default"] {
            let list = question.choiceList.flatMap { listName in choiceLists.first { $0.name == listName } }
            question.defaultValue = readDefault(defaultNode, type: type, question: name, choices: list)
        }
        if question.isReadOnly, question.defaultValue == nil, type != .calculate, type != .note,
            let flagNode = fields["read_only"]
        {
            warning(flagNode.location, "question '\(name)' is read_only but has no default, so it will always be empty")
        }
        return id == nil ? nil : question
    }

    /// Keys that only make sense for some types are errors elsewhere, so a mistyped type is caught early.
    private mutating func checkKeysApply(_ fields: [String: SourceNode], to type: QuestionType, question: String) {
        let rules: [(key: String, applies: Bool, questions: String)] = [
            ("choices", type.usesChoices, "select_one, select_multiple, likert, matrix and rank questions"),
            ("calculation", type == .calculate, "calculate questions"),
            ("items", type == .matrix, "matrix questions"),
            ("accept", type == .file, "file questions"),
            ("constraint", type.isAnswered, "questions people answer"),
            ("default", ![.matrix, .rank, .file, .note, .calculate].contains(type), "questions with a single answer"),
        ]
        for rule in rules where !rule.applies {
            if let node = fields[rule.key] {
                error(
                    node.location,
                    "'\(rule.key)' only applies to \(rule.questions), not to \(type.rawValue) question '\(question)'")
            }
        }
    }

    private mutating func readChoiceReference(
        _ node: SourceNode, type: QuestionType, question: String, lists: [ChoiceList]
    ) -> String? {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            error(node.location, "'choices' must name a list defined under the form's 'choices', not \(node.kindName)")
            return nil
        }
        guard let list = lists.first(where: { $0.name == scalar.text }) else {
            if choiceListLocations[scalar.text] != nil { return nil }  // defined but broken; already reported
            let hint =
                closestMatch(to: scalar.text, in: lists.map(\.name)).map { "; did you mean '\($0)'?" }
                ?? "; define it under 'choices' at the top of the form"
            error(
                node.location,
                "question '\(question)' uses the choice list '\(scalar.text)', which is not defined\(hint)")
            return nil
        }
        if type == .likert || type == .matrix, list.substantive.count < 2, !list.choices.isEmpty {
            let points = list.substantive.count == 1 ? "only 1 point that is" : "no points that are"
            error(
                node.location,
                "the scale '\(list.name)' of \(type.rawValue) question '\(question)' has \(points) not missing; "
                    + "a scale needs at least 2")
        }
        return list.name
    }

    private mutating func readItems(_ node: SourceNode, question: String) -> [MatrixItem] {
        guard let entries = list(node, "items", example: "a list of `- item_id: Statement`") else { return [] }
        if entries.isEmpty {
            error(node.location, "matrix question '\(question)' has no items; list the statements people rate")
        }
        var items: [MatrixItem] = []
        var seen: Set<String> = []
        for entry in entries {
            guard case .mapping(let pairs, _) = entry, pairs.count == 1, let pair = pairs.first else {
                error(entry.location, "each item of '\(question)' must be written `- item_id: Statement`")
                continue
            }
            if !Self.isIdentifier(pair.key.text) {
                error(pair.key.location, "item id '\(pair.key.text)' may only contain letters, digits and '_'")
            }
            if !seen.insert(pair.key.text).inserted {
                error(pair.key.location, "matrix question '\(question)' has the item '\(pair.key.text)' twice")
                continue
            }
            if let label = localized(pair.value, "item \(pair.key.text)") {
                items.append(MatrixItem(id: pair.key.text, label: label))
            }
        }
        return items
    }

    /// A default answer, checked against the question's type and options.
    private mutating func readDefault(_ node: SourceNode, type: QuestionType, question: String, choices: ChoiceList?)
        -> JSONValue?
    {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            if type == .selectMultiple, case .sequence(let items, _) = node {
                let values = items.compactMap { text($0, "default") }
                for value in values where choices != nil && choices?.choice(value) == nil {
                    error(
                        node.location, "default '\(value)' is not an option of the choice list '\(choices?.name ?? "")'"
                    )
                }
                return .array(values.map(JSONValue.string))
            }
            error(node.location, "'default' of '\(question)' must be a single value, not \(node.kindName)")
            return nil
        }
        func mismatch(_ expected: String) -> JSONValue? {
            error(
                node.location, "default '\(scalar.text)' of \(type.rawValue) question '\(question)' must be \(expected)"
            )
            return nil
        }
        switch type {
        case .integer:
            guard let value = scalar.int else { return mismatch("a whole number") }
            return .number(Double(value))
        case .decimal:
            guard let value = scalar.number else { return mismatch("a number") }
            return .number(value)
        case .yesNo:
            guard let value = scalar.bool else { return mismatch("true or false") }
            return .bool(value)
        case .date:
            guard CalendarDate.isValid(scalar.text) else { return mismatch("a date written YYYY-MM-DD") }
            return .string(scalar.text)
        case .selectOne, .selectMultiple, .likert:
            guard let choices else { return nil }
            guard let choice = choices.choice(scalar.text) else {
                let options = choices.choices.map(\.value).joined(separator: ", ")
                return mismatch("one of the options of '\(choices.name)' (\(options))")
            }
            return type == .selectMultiple ? .array([.string(choice.value)]) : .string(choice.value)
        default:
            return .string(scalar.text)
        }
    }

}
