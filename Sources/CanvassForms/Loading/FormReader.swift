import Foundation

/// An expression found while reading a form, kept with its source so the checker can point into it.
struct ExpressionSite {
    /// Which key held it.
    enum Field: String {
        case relevant, constraint, calculation
    }

    /// The question (or, for a section's `relevant`, the section) it belongs to.
    var owner: String
    /// Whether the owner is a section.
    var ownerIsSection: Bool
    var field: Field
    var expression: FormExpression
    var scalar: SourceScalar

    /// Where a node of the expression is in the file.
    func location(of node: FormExpression) -> SourceLocation { scalar.location(ofOffset: node.offset) }
}

/// Walks a form's source tree into a `Form`, reporting every problem with its location.
struct FormReader {
    let path: String
    var diagnostics: [Diagnostic] = []
    var sites: [ExpressionSite] = []
    /// Where each question and section id was written.
    var idLocations: [String: SourceLocation] = [:]
    /// Where each choice list and each `choices:` reference was written.
    var choiceListLocations: [String: SourceLocation] = [:]
    var languages: [String] = ["en"]
    /// The choice lists some question names.
    var usedChoiceLists: Set<String> = []

    init(path: String) {
        self.path = path
    }

    static let formKeys = ["form", "version", "title", "description", "languages", "settings", "choices", "sections"]
    static let sectionKeys = ["id", "title", "description", "relevant", "repeat", "questions"]
    static let questionKeys = [
        "id", "type", "label", "hint", "required", "required_message", "relevant", "constraint",
        "constraint_message", "calculation", "default", "read_only", "choices", "items", "accept",
    ]

    mutating func error(_ location: SourceLocation?, _ message: String) {
        diagnostics.append(Diagnostic(.error, path: path, at: location, message))
    }

    mutating func warning(_ location: SourceLocation?, _ message: String) {
        diagnostics.append(Diagnostic(.warning, path: path, at: location, message))
    }

    // MARK: - The form

    mutating func readForm(_ root: SourceNode) -> Form? {
        guard let fields = mapping(root, "a form", keys: Self.formKeys, example: "form, version, title and sections")
        else { return nil }

        if let node = fields["languages"] { readLanguages(node) }

        let id = requiredText(fields, "form", at: root.location, "add `form: my-form-id` at the top")
        if let id, let node = fields["form"], !Self.isFormID(id) {
            let suggestion = id.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            let hint = Self.isFormID(suggestion) ? "; try '\(suggestion)'" : ""
            error(node.location, "form id '\(id)' may only contain lower-case letters, digits and '-'\(hint)")
        }
        let version = requiredText(
            fields, "version", at: root.location,
            "add `version: \"2026.1\"` so every response records which version it answers")
        let title = fields["title"].flatMap { localized($0, "title") }
        if fields["title"] == nil {
            error(root.location, "the form has no 'title'; add the title people will see, e.g. `title: TUPE timing`")
        }
        let description = fields["description"].flatMap { localized($0, "description") }
        let choiceLists = fields["choices"].map { readChoiceLists($0) } ?? []

        var sections: [Section] = []
        if let node = fields["sections"] {
            if let items = list(node, "sections", example: "a list of sections, each with an id and questions") {
                if items.isEmpty {
                    error(node.location, "'sections' is empty; add at least one section with questions")
                }
                for item in items {
                    if let section = readSection(item, choiceLists: choiceLists) { sections.append(section) }
                }
            }
        } else {
            error(root.location, "the form has no 'sections'; add `sections:` with at least one section of questions")
        }

        for list in choiceLists where !usedChoiceLists.contains(list.name) {
            warning(
                choiceListLocations[list.name],
                "the choice list '\(list.name)' is not used by any question; use it or remove it")
        }

        var submissionURL: String?
        if let node = fields["settings"],
            let settings = mapping(node, "'settings'", keys: ["submission_url"], example: "submission_url"),
            let urlNode = settings["submission_url"], let url = text(urlNode, "submission_url")
        {
            let scheme = url.split(separator: ":").first.map { $0.lowercased() }
            if scheme == "http" || scheme == "https", url.contains("://") {
                submissionURL = url
            } else {
                error(
                    urlNode.location,
                    "'submission_url' must be an http or https address, e.g. https://collector.example.org")
            }
        }

        guard let id, let version, let title else { return nil }
        return Form(
            id: id, version: version, title: title, description: description, languages: languages,
            // Sorted by name, as canonical JSON writes them, so a form and its JSON are equal.
            choiceLists: choiceLists.sorted { $0.name < $1.name }, sections: sections, submissionURL: submissionURL)
    }

    static func isFormID(_ id: String) -> Bool {
        !id.isEmpty
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func isIdentifier(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return id.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
        }
    }

    mutating func readLanguages(_ node: SourceNode) {
        guard let items = list(node, "languages", example: "a list such as [en, cy]") else { return }
        var found: [String] = []
        for item in items {
            guard case .scalar(let scalar) = item, !scalar.isNull else {
                error(item.location, "each language must be a code such as en or cy, not \(item.kindName)")
                continue
            }
            found.append(scalar.text)
        }
        if found.isEmpty {
            error(node.location, "'languages' is empty; list at least one language code, e.g. [en]")
        } else {
            languages = found
        }
    }

    // MARK: - Sections

    mutating func readSection(_ node: SourceNode, choiceLists: [ChoiceList]) -> Section? {
        guard let fields = mapping(node, "a section", keys: Self.sectionKeys, example: "id, title and questions")
        else { return nil }
        let id = requiredText(fields, "id", at: node.location, "add one, e.g. `id: about_you`", what: "this section")
        if let id, let idNode = fields["id"] { registerID(id, at: idNode.location, kind: "section") }
        let title = fields["title"].flatMap { localized($0, "title") }
        let description = fields["description"].flatMap { localized($0, "description") }
        let relevant = fields["relevant"].flatMap {
            expression($0, field: .relevant, owner: id ?? "", ownerIsSection: true)
        }
        let repeatRule = fields["repeat"].flatMap { readRepeat($0) }

        var questions: [Question] = []
        if let questionsNode = fields["questions"] {
            if let items = list(questionsNode, "questions", example: "a list of questions") {
                if items.isEmpty {
                    error(
                        questionsNode.location, "section '\(id ?? "")' has no questions; add some or remove the section"
                    )
                }
                for item in items {
                    if let question = readQuestion(item, choiceLists: choiceLists) { questions.append(question) }
                }
            }
        } else {
            error(node.location, "section '\(id ?? "")' has no 'questions'; add a list of questions")
        }
        if repeatRule != nil {
            for question in questions where question.type == .file {
                error(
                    idLocations[question.id],
                    "file question '\(question.id)' cannot be inside a repeat section; ask for the file outside "
                        + "'\(id ?? "")'")
            }
        }
        guard let id else { return nil }
        return Section(
            id: id, title: title, description: description, relevant: relevant, repeatRule: repeatRule,
            questions: questions)
    }

    mutating func readRepeat(_ node: SourceNode) -> RepeatRule? {
        if case .scalar(let scalar) = node, let flag = scalar.bool {
            return flag ? RepeatRule() : nil
        }
        guard let fields = mapping(node, "'repeat'", keys: ["min", "max", "noun"], example: "{min: 0, max: 20}")
        else { return nil }
        var rule = RepeatRule()
        if let minNode = fields["min"] {
            if let value = wholeNumber(minNode, "repeat min") { rule.minimum = value }
        }
        if let maxNode = fields["max"] {
            if let value = wholeNumber(maxNode, "repeat max") {
                rule.maximum = value
                if value < rule.minimum {
                    error(
                        maxNode.location,
                        "repeat max \(value) is less than min \(rule.minimum); raise max or lower min")
                } else if value == 0 {
                    error(maxNode.location, "repeat max is 0, so the section could never be answered; raise it")
                }
            }
        }
        if let nounNode = fields["noun"] { rule.noun = text(nounNode, "repeat noun") }
        return rule
    }

    mutating func registerID(_ id: String, at location: SourceLocation, kind: String) {
        if !Self.isIdentifier(id) {
            // Only suggest a replacement that is itself valid: '2size' has no obvious fix.
            let suggestion = id.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            let hint = Self.isIdentifier(suggestion) ? "; try '\(suggestion)'" : ""
            error(
                location, "\(kind) id '\(id)' may only contain letters, digits and '_', starting with a letter\(hint)")
        } else if id.contains("__") {
            // The web questionnaire names a repeat entry's fields `id__N`; a second '_' in a row could clash.
            var suggestion = id
            while suggestion.contains("__") { suggestion = suggestion.replacingOccurrences(of: "__", with: "_") }
            error(location, "\(kind) id '\(id)' may not contain '__' (two '_' in a row); try '\(suggestion)'")
        }
        if let first = idLocations[id] {
            error(
                location,
                "duplicate id '\(id)': it is already used at line \(first.line); ids must be unique in a form")
        } else {
            idLocations[id] = location
        }
    }

    // MARK: - Scalars and shapes

    /// The keys of a mapping, checking there are no unknown or repeated keys.
    mutating func mapping(_ node: SourceNode, _ what: String, keys: [String], example: String) -> [String: SourceNode]?
    {
        guard case .mapping(let pairs, _) = node else {
            error(node.location, "expected \(what) (a mapping of keys such as \(example)), found \(node.kindName)")
            return nil
        }
        var fields: [String: SourceNode] = [:]
        for (key, value) in pairs {
            guard keys.contains(key.text) else {
                let hint =
                    closestMatch(to: key.text, in: keys).map { "; did you mean '\($0)'?" }
                    ?? "; the keys allowed are \(keys.joined(separator: ", "))"
                error(key.location, "unknown key '\(key.text)' in \(what)\(hint)")
                continue
            }
            if fields[key.text] != nil {
                error(key.location, "duplicate key '\(key.text)' in \(what); each key may appear once")
                continue
            }
            fields[key.text] = value
        }
        return fields
    }

    mutating func list(_ node: SourceNode, _ what: String, example: String) -> [SourceNode]? {
        guard case .sequence(let items, _) = node else {
            if case .scalar(let scalar) = node, scalar.isNull { return [] }
            error(node.location, "'\(what)' must be \(example), not \(node.kindName)")
            return nil
        }
        return items
    }

    mutating func text(_ node: SourceNode, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            error(node.location, "'\(what)' must be text, not \(node.kindName)")
            return nil
        }
        guard !scalar.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            error(node.location, "'\(what)' is empty; write the text or remove the key")
            return nil
        }
        return scalar.text
    }

    mutating func requiredText(
        _ fields: [String: SourceNode], _ key: String, at location: SourceLocation, _ fix: String,
        what: String = "the form"
    ) -> String? {
        guard let node = fields[key] else {
            error(location, "\(what) has no '\(key)'; \(fix)")
            return nil
        }
        return text(node, key)
    }

    mutating func flag(_ node: SourceNode, _ what: String) -> Bool? {
        guard case .scalar(let scalar) = node, let value = scalar.bool else {
            if case .scalar(let quoted) = node, quoted.style != .plain,
                ["true", "false", "yes", "no"].contains(quoted.text.lowercased())
            {
                error(node.location, "'\(what)' must be true or false without quotes")
                return nil
            }
            let found = if case .scalar(let s) = node { "'\(s.text)'" } else { node.kindName }
            error(node.location, "'\(what)' must be true or false, not \(found)")
            return nil
        }
        return value
    }

    mutating func wholeNumber(_ node: SourceNode, _ what: String) -> Int? {
        guard case .scalar(let scalar) = node, let value = scalar.int, value >= 0 else {
            let found = if case .scalar(let s) = node { "'\(s.text)'" } else { node.kindName }
            error(node.location, "\(what) must be a whole number of 0 or more, not \(found)")
            return nil
        }
        return value
    }

    /// Text in the form's languages: a plain string, or a mapping of language code to text.
    mutating func localized(_ node: SourceNode, _ what: String) -> LocalizedText? {
        let defaultLanguage = languages[0]
        switch node {
        case .scalar(let scalar):
            if scalar.isNull || scalar.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                error(node.location, "'\(what)' is empty; write the text or remove the key")
                return nil
            }
            if languages.count > 1 {
                let example = languages.map { "\($0): …" }.joined(separator: ", ")
                warning(
                    node.location,
                    "'\(what)' is only in \(defaultLanguage); write it as {\(example)} so the form reads fully in "
                        + "every language")
            }
            return LocalizedText(scalar.text, language: defaultLanguage)
        case .mapping(let pairs, _):
            var translations: [String: String] = [:]
            for (key, value) in pairs {
                guard languages.contains(key.text) else {
                    error(
                        key.location,
                        "'\(what)' has text in '\(key.text)', which is not one of the form's languages "
                            + "(\(languages.joined(separator: ", "))); add it to 'languages' or remove it")
                    continue
                }
                if let text = text(value, "\(what) (\(key.text))") { translations[key.text] = text }
            }
            for language in languages where translations[language] == nil {
                warning(
                    node.location,
                    "'\(what)' has no '\(language)' text; add it so the form reads fully in every language")
            }
            return translations.isEmpty
                ? nil : LocalizedText(translations: translations, defaultLanguage: defaultLanguage)
        case .sequence:
            error(node.location, "'\(what)' must be text or a mapping of language to text, not a list")
            return nil
        }
    }

    /// Parses an expression, reporting a syntax error at its column in the file.
    mutating func expression(
        _ node: SourceNode, field: ExpressionSite.Field, owner: String, ownerIsSection: Bool
    ) -> FormExpression? {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            error(node.location, "'\(field.rawValue)' must be an expression written as text, not \(node.kindName)")
            return nil
        }
        do {
            let parsed = try ExpressionParser.parse(scalar.text)
            sites.append(
                ExpressionSite(
                    owner: owner, ownerIsSection: ownerIsSection, field: field, expression: parsed, scalar: scalar))
            return parsed
        } catch {
            self.error(scalar.location(ofOffset: error.offset), "invalid \(field.rawValue): \(error.message)")
            return nil
        }
    }
}
