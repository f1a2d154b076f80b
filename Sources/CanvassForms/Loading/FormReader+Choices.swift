extension FormReader {
    /// Reads `choices:`, a mapping of list name to options.
    mutating func readChoiceLists(_ node: SourceNode) -> [ChoiceList] {
        guard case .mapping(let pairs, _) = node else {
            error(node.location, "'choices' must be a mapping of list names to options, not \(node.kindName)")
            return []
        }
        var lists: [ChoiceList] = []
        for (name, value) in pairs {
            if choiceListLocations[name.text] != nil {
                error(name.location, "the choice list '\(name.text)' is defined twice; give each list its own name")
                continue
            }
            choiceListLocations[name.text] = name.location
            if !Self.isIdentifier(name.text) {
                error(
                    name.location,
                    "choice list name '\(name.text)' may only contain letters, digits and '_', starting with a letter")
            }
            guard let items = list(value, "choices: \(name.text)", example: "a list of options such as `- yes: Yes`")
            else { continue }
            if items.isEmpty {
                error(value.location, "the choice list '\(name.text)' is empty; add at least one option")
            }
            var choices: [Choice] = []
            var seen: [String: SourceLocation] = [:]
            for item in items {
                guard let (choice, location) = readChoice(item, list: name.text) else { continue }
                if let first = seen[choice.value] {
                    error(
                        location,
                        "the choice list '\(name.text)' has the value '\(choice.value)' twice (first at line "
                            + "\(first.line)); values must be unique within a list")
                    continue
                }
                seen[choice.value] = location
                choices.append(choice)
            }
            lists.append(ChoiceList(name: name.text, choices: choices))
        }
        return lists
    }

    /// Whether `value` can be stored as an option: ASCII letters, digits and '_' (it may start with a digit).
    static func isOptionValue(_ value: String) -> Bool {
        !value.isEmpty
            && value.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
            }
    }

    /// One option: `- value: Label` or `- {value: v, label: L, missing: true, exclusive: true}`.
    private mutating func readChoice(_ node: SourceNode, list name: String) -> (Choice, SourceLocation)? {
        guard case .mapping(let pairs, _) = node else {
            error(
                node.location,
                "each option in '\(name)' must be `- value: Label` or `- {value: v, label: L}`, not \(node.kindName)")
            return nil
        }
        let isLongForm = pairs.contains { $0.key.text == "value" } || pairs.count > 1
        var value: String?
        var valueLocation = node.location
        var label: LocalizedText?
        var choice = Choice(value: "", label: LocalizedText(""))
        if isLongForm {
            guard
                let fields = mapping(
                    node, "an option of '\(name)'", keys: ["value", "label", "missing", "exclusive"],
                    example: "value and label")
            else { return nil }
            if let node = fields["value"] {
                value = text(node, "value")
                valueLocation = node.location
            } else {
                error(node.location, "this option of '\(name)' has no 'value'; add the value stored in responses")
            }
            if let node = fields["label"] {
                label = localized(node, "label")
            } else {
                error(node.location, "this option of '\(name)' has no 'label'; add the text people will read")
            }
            if let node = fields["missing"] { choice.isMissing = flag(node, "missing") ?? false }
            if let node = fields["exclusive"] { choice.isExclusive = flag(node, "exclusive") ?? false }
        } else if let pair = pairs.first {
            value = pair.key.text
            valueLocation = pair.key.location
            label = localized(pair.value, "label")
        }
        guard let value else { return nil }
        if !Self.isOptionValue(value) {
            let suggestion = value.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            let hint = Self.isOptionValue(suggestion) ? "; try '\(suggestion)'" : ""
            error(valueLocation, "option value '\(value)' in '\(name)' may only contain letters, digits and '_'\(hint)")
            return nil
        }
        choice.value = value
        choice.label = label ?? LocalizedText(value, language: languages[0])
        return (choice, valueLocation)
    }
}
