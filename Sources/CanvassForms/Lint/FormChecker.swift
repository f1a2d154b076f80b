import Foundation

/// Checks a form's expressions: references exist and can be evaluated where they are used, types agree,
/// calculations do not depend on each other in a circle, and conditions can actually be true.
struct FormChecker {
    let form: Form
    let sites: [ExpressionSite]
    let idLocations: [String: SourceLocation]
    let path: String
    var diagnostics: [Diagnostic] = []

    /// Each question's place in the form, and its section.
    private var position: [String: Int] = [:]
    private var sectionOf: [String: Section] = [:]
    private var calculationTypes: [String: ValueType] = [:]
    private var typing: Set<String> = []

    init(form: Form, reader: FormReader) {
        self.form = form
        self.sites = reader.sites
        self.idLocations = reader.idLocations
        self.path = reader.path
        for section in form.sections {
            for question in section.questions {
                // A duplicated id is reported by the reader; expressions see the first question with it.
                guard position[question.id] == nil else { continue }
                position[question.id] = position.count
                sectionOf[question.id] = section
            }
        }
    }

    mutating func check() {
        for question in form.questions where question.type == .selectMultiple {
            // Analysis keeps one bit per option of a response's answer.
            if let list = form.choices(for: question), list.choices.count > Self.maximumOptions,
                let location = idLocations[question.id]
            {
                error(
                    location,
                    "\(question.id) has \(list.choices.count) options; a select_multiple question can have at most "
                        + "\(Self.maximumOptions) (split it into two questions)")
            }
        }
        for site in sites {
            let type = self.type(of: site.expression, in: site)
            switch site.field {
            case .relevant, .constraint:
                if !type.agrees(with: .boolean) {
                    error(
                        site.location(of: site.expression),
                        "\(site.field.rawValue) must be a yes/no condition, but this expression gives \(type.noun)")
                }
            case .calculation:
                break
            }
            // A relevant that is not a condition at all has been reported; "never true" would only repeat it.
            if site.field == .relevant, type.agrees(with: .boolean) { checkConstant(site) }
        }
        checkCalculationCycles()
    }

    /// The most options a `select_multiple` question may have (missing ones included).
    static let maximumOptions = 64

    private mutating func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, path: path, at: location, message))
    }

    private mutating func warning(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.warning, path: path, at: location, message))
    }

    // MARK: - Where an expression is evaluated

    /// The position an expression is evaluated at: answers before it are known.
    private func ownerPosition(_ site: ExpressionSite) -> Int {
        if site.ownerIsSection {
            let first = form.section(site.owner)?.questions.first?.id
            return first.flatMap { position[$0] } ?? 0
        }
        return position[site.owner] ?? 0
    }

    /// The repeat section an expression is evaluated inside, if any.
    private func ownerRepeat(_ site: ExpressionSite) -> Section? {
        guard !site.ownerIsSection, let section = sectionOf[site.owner], section.isRepeat else { return nil }
        return section
    }

    // MARK: - Types

    private mutating func type(of node: FormExpression, in site: ExpressionSite) -> ValueType {
        switch node.kind {
        case .number: return .number
        case .string: return .string
        case .current:
            guard site.field == .constraint, !site.ownerIsSection, let question = form.question(site.owner) else {
                error(
                    site.location(of: node),
                    "'.' means this question's answer and can only be used in a constraint; refer to another "
                        + "question as ${id}")
                return .any
            }
            return question.type.valueType ?? .any
        case .reference(let id):
            return referenceType(id, node: node, in: site, insideSum: false)
        case .negate(let operand):
            let operandType = type(of: operand, in: site)
            if !operandType.agrees(with: .number) {
                error(
                    site.location(of: node), "'-' works on numbers, but \(Self.quote(operand)) is \(operandType.noun)")
            }
            return .number
        case .binary(let op, let left, let right):
            return binaryType(op, left, right, node: node, in: site)
        case .call(let function, let arguments):
            return callType(function, arguments, node: node, in: site)
        }
    }

    private mutating func referenceType(_ id: String, node: FormExpression, in site: ExpressionSite, insideSum: Bool)
        -> ValueType
    {
        let location = site.location(of: node)
        let field = site.field.rawValue
        if let section = form.section(id) {
            let usage = section.isRepeat ? "count(${\(id)})" : "a question inside it"
            error(location, "${\(id)} is a section, not a question; use \(usage) instead")
            return .any
        }
        guard let target = form.question(id) else {
            let ids = form.questions.map(\.id)
            let hint = closestMatch(to: id, in: ids).map { "; did you mean ${\($0)}?" } ?? ""
            error(location, "\(field) refers to ${\(id)}, which is not a question in this form\(hint)")
            return .any
        }
        guard let valueType = target.type.valueType else {
            error(location, "${\(id)} is a \(target.type.rawValue), which has no single answer an expression can use")
            return .any
        }
        if !site.ownerIsSection, site.owner == id, site.field == .relevant {
            error(
                location,
                "the relevant of '\(id)' refers to the question itself; whether a question is shown cannot depend on "
                    + "its own answer")
            return valueType
        }
        if site.field != .calculation, target.type != .calculate, let targetPosition = position[id],
            targetPosition > ownerPosition(site) || (site.ownerIsSection && sectionOf[id]?.id == site.owner)
        {
            let line = idLocations[id].map { " (line \($0.line))" } ?? ""
            error(
                location,
                "\(field) refers to ${\(id)}, which comes later in the form\(line); a condition can only use answers "
                    + "given before it")
        }
        if let targetSection = sectionOf[id], targetSection.isRepeat, targetSection.id != ownerRepeat(site)?.id,
            !insideSum
        {
            let noun = targetSection.repeatRule?.noun ?? "item"
            error(
                location,
                "${\(id)} is inside the repeat section '\(targetSection.id)', so it has one answer per \(noun); outside "
                    + "that section use count(${\(targetSection.id)}) or sum(${\(id)})")
        }
        if target.type == .calculate {
            checkCalculationInputs(of: target, node: node, in: site)
            return calculationType(target)
        }
        return valueType
    }

    /// The type a calculation gives, worked out once (quietly: its own site reports its problems).
    private mutating func calculationType(_ question: Question) -> ValueType {
        if let known = calculationTypes[question.id] { return known }
        guard let site = sites.first(where: { $0.owner == question.id && $0.field == .calculation }),
            !typing.contains(question.id)
        else { return .any }
        typing.insert(question.id)
        let reported = diagnostics.count
        let result = type(of: site.expression, in: site)
        diagnostics.removeSubrange(reported...)
        typing.remove(question.id)
        calculationTypes[question.id] = result
        return result
    }

    private mutating func binaryType(
        _ op: BinaryOperator, _ left: FormExpression, _ right: FormExpression, node: FormExpression,
        in site: ExpressionSite
    ) -> ValueType {
        let a = type(of: left, in: site)
        let b = type(of: right, in: site)
        let name = "'\(op.rawValue)'"
        if op.isLogical {
            for (operand, operandType) in [(left, a), (right, b)] where !operandType.agrees(with: .boolean) {
                error(
                    site.location(of: operand),
                    "\(name) joins yes/no conditions, but \(Self.quote(operand)) is \(operandType.noun)")
            }
            return .boolean
        }
        if op.isArithmetic {
            for (operand, operandType) in [(left, a), (right, b)] where !operandType.agrees(with: .number) {
                error(
                    site.location(of: operand),
                    "\(name) works on numbers, but \(Self.quote(operand)) is \(operandType.noun)")
            }
            return .number
        }
        if op.isEquality {
            checkComparable(left, a, right, b, op: name, in: site)
            return .boolean
        }
        let ordered =
            (a.agrees(with: .number) && b.agrees(with: .number)) || isDateLike(left, a) && isDateLike(right, b)
        if !ordered {
            let culprit = a == .number || a == .date || a == .any ? (right, b) : (left, a)
            error(
                site.location(of: culprit.0),
                "\(name) compares numbers or dates, but \(Self.quote(culprit.0)) is \(culprit.1.noun)")
        } else {
            checkDateLiteral(left, a, right, b, in: site)
        }
        return .boolean
    }

    private func isDateLike(_ node: FormExpression, _ type: ValueType) -> Bool {
        if type == .date || type == .any { return true }
        if case .string(let text) = node.kind { return CalendarDate.isValid(text) }
        return false
    }

    /// A text compared with a date must be a date; the message points at the text.
    private mutating func checkDateLiteral(
        _ left: FormExpression, _ a: ValueType, _ right: FormExpression, _ b: ValueType, in site: ExpressionSite
    ) {
        for (date, other) in [(a, right), (b, left)] where date == .date {
            if case .string(let text) = other.kind, !CalendarDate.isValid(text) {
                error(
                    site.location(of: other),
                    "compare a date with a date written 'YYYY-MM-DD' or with today(), not '\(text)'")
            }
        }
    }

    /// `=` and `!=`: the same kinds, with the allowances form authors expect (`''` for "not answered").
    ///
    /// A literal that cannot match is pointed at itself, not at the start of the comparison.
    private mutating func checkComparable(
        _ left: FormExpression, _ a: ValueType, _ right: FormExpression, _ b: ValueType, op: String,
        in site: ExpressionSite
    ) {
        for (side, sideType, other) in [(left, a, right), (right, b, left)] {
            guard case .string(let literal) = other.kind else { continue }
            if literal.isEmpty { return }
            switch sideType {
            case .boolean:
                if literal != "yes" && literal != "no" {
                    error(site.location(of: other), "compare a yes/no answer with 'yes' or 'no', not '\(literal)'")
                }
                return
            case .list:
                error(
                    site.location(of: side),
                    "\(Self.quote(side)) can hold several options; test one with selected(\(Self.quote(side)), "
                        + "'\(literal)')")
                return
            case .date:
                checkDateLiteral(left, a, right, b, in: site)
                return
            case .string:
                checkOption(literal, of: side, location: site.location(of: other))
                return
            case .number:
                // A Likert answer is a point 1…N, or one of its scale's "missing" options such as 'dont_know'.
                guard case .reference(let id) = side.kind, let question = form.question(id), question.type == .likert,
                    let list = form.choices(for: question)
                else { break }
                if !list.missing.contains(where: { $0.value == literal }) {
                    let missing = list.missing.map { "'\($0.value)'" }.joined(separator: ", ")
                    let alternatives = missing.isEmpty ? "" : ", or with one of its other answers: \(missing)"
                    error(
                        site.location(of: other),
                        "${\(id)} is a point on a scale from 1 to \(list.substantive.count); compare it with a number"
                            + alternatives)
                }
                return
            default:
                break
            }
        }
        if !a.agrees(with: b) {
            error(
                site.location(of: left),
                "\(op) compares values of the same kind, but \(Self.quote(left)) is \(a.noun) and \(Self.quote(right)) "
                    + "is \(b.noun)")
        }
    }

    /// A value compared with a choice question must be one of its options.
    private mutating func checkOption(_ value: String, of node: FormExpression, location: SourceLocation) {
        guard case .reference(let id) = node.kind, let question = form.question(id),
            let list = form.choices(for: question), list.choice(value) == nil
        else { return }
        let options = list.choices.map(\.value).joined(separator: ", ")
        error(location, "'\(value)' is not an option of ${\(id)}; its options are \(options)")
    }

    private mutating func callType(
        _ function: Function, _ arguments: [FormExpression], node: FormExpression, in site: ExpressionSite
    ) -> ValueType {
        let location = site.location(of: node)
        func expect(_ argument: FormExpression, _ wanted: ValueType, _ what: String) -> ValueType {
            let found = type(of: argument, in: site)
            if !found.agrees(with: wanted) {
                error(location, "\(function.rawValue)() needs \(what), but \(Self.quote(argument)) is \(found.noun)")
            }
            return found
        }
        switch function {
        case .not:
            _ = expect(arguments[0], .boolean, "a yes/no condition")
            return .boolean
        case .true, .false:
            return .boolean
        case .today:
            return .date
        case .selected:
            let found = type(of: arguments[0], in: site)
            if !(found.agrees(with: .list) || found == .string) {
                error(
                    location,
                    "selected() needs a select_multiple or select_one question, but \(Self.quote(arguments[0])) is \(found.noun)"
                )
            }
            if case .string(let value) = arguments[1].kind {
                checkOption(value, of: arguments[0], location: site.location(of: arguments[1]))
            } else {
                _ = expect(arguments[1], .string, "an option value in quotes")
            }
            return .boolean
        case .countSelected:
            _ = expect(arguments[0], .list, "a select_multiple question")
            return .number
        case .stringLength:
            _ = expect(arguments[0], .string, "text")
            return .number
        case .regex:
            _ = expect(arguments[0], .string, "text")
            if case .string(let pattern) = arguments[1].kind {
                if (try? NSRegularExpression(pattern: pattern)) == nil {
                    error(
                        site.location(of: arguments[1]),
                        "the regex pattern '\(pattern)' is not a valid regular expression")
                } else if let construct = Self.unportableRegexConstruct(in: pattern) {
                    error(
                        site.location(of: arguments[1]),
                        "the regex pattern uses '\(construct)', which the web page's JavaScript reads differently; "
                            + "use only the common syntax (classes, groups, | and the quantifiers * + ? {n,m})")
                }
            } else {
                _ = expect(arguments[1], .string, "a pattern in quotes")
            }
            return .boolean
        case .if:
            _ = expect(arguments[0], .boolean, "a yes/no condition first")
            let a = type(of: arguments[1], in: site)
            let b = type(of: arguments[2], in: site)
            if !a.agrees(with: b) {
                error(location, "if() must give the same kind of value either way, but it gives \(a.noun) or \(b.noun)")
            }
            return a == .any ? b : a
        case .coalesce:
            let a = type(of: arguments[0], in: site)
            let b = type(of: arguments[1], in: site)
            if !a.agrees(with: b) {
                error(location, "coalesce() needs two values of the same kind, but gets \(a.noun) and \(b.noun)")
            }
            return a == .any ? b : a
        case .count:
            guard case .reference(let id) = arguments[0].kind, let section = form.section(id), section.isRepeat else {
                error(location, "count() needs a repeat section, e.g. count(${tenders})")
                return .number
            }
            if site.field != .calculation, let first = section.questions.first.flatMap({ position[$0.id] }),
                first >= ownerPosition(site), !(site.ownerIsSection && site.owner == id)
            {
                error(
                    site.location(of: arguments[0]),
                    "\(site.field.rawValue) counts the section '\(id)', which comes later in the form; a condition can "
                        + "only use answers given before it")
            }
            return .number
        case .sum:
            guard case .reference(let id) = arguments[0].kind, sectionOf[id]?.isRepeat == true else {
                error(location, "sum() needs a number question inside a repeat section, e.g. sum(${contract_value})")
                return .number
            }
            let found = referenceType(id, node: arguments[0], in: site, insideSum: true)
            if !found.agrees(with: .number) {
                error(location, "sum() needs a number question inside a repeat section, but ${\(id)} is \(found.noun)")
            }
            return .number
        }
    }

    /// A condition that uses a calculation also uses the calculation's inputs: they must come before it too,
    /// and a question's `relevant` cannot depend on the question's own answer.
    private mutating func checkCalculationInputs(
        of calculation: Question, node: FormExpression, in site: ExpressionSite
    ) {
        guard site.field != .calculation else { return }
        let owner = ownerPosition(site)
        for input in inputs(of: calculation.id, seen: []) {
            if !site.ownerIsSection, input == site.owner, site.field == .relevant {
                error(
                    site.location(of: node),
                    "the relevant of '\(input)' uses ${\(calculation.id)}, which is worked out from '\(input)' itself; "
                        + "whether a question is shown cannot depend on its own answer")
            } else if let inputPosition = position[input],
                inputPosition > owner
                    || (site.ownerIsSection && sectionOf[input]?.id == site.owner)
            {
                let line = idLocations[input].map { " (line \($0.line))" } ?? ""
                error(
                    site.location(of: node),
                    "\(site.field.rawValue) uses ${\(calculation.id)}, which is worked out from ${\(input)}, a later "
                        + "question\(line); a condition can only use answers given before it")
            }
        }
    }

    /// The answered questions a calculation depends on, directly or through other calculations.
    private func inputs(of id: String, seen: Set<String>) -> [String] {
        guard !seen.contains(id), let calculation = form.question(id)?.calculation else { return [] }
        var found: [String] = []
        for (reference, _) in calculation.references {
            let more =
                form.question(reference)?.type == .calculate
                ? inputs(of: reference, seen: seen.union([id])) : [reference]
            for input in more where !found.contains(input) { found.append(input) }
        }
        return found
    }

    /// A regular-expression construct that ICU (Swift) and JavaScript read differently, if the pattern has one.
    static func unportableRegexConstruct(in pattern: String) -> String? {
        let constructs = [
            "*+", "++", "?+", "}+", "(?i", "(?m", "(?s", "(?x", "(?#", "(?>", "\\Q", "\\A", "\\Z", "\\z",
            "\\p{", "\\P{", "[[:", "\\h", "\\R", "\\X",
        ]
        return constructs.first { pattern.contains($0) }
    }

    // MARK: - Whole-form checks

    /// A relevant that uses no answers is the same for everyone: almost always a mistake.
    private mutating func checkConstant(_ site: ExpressionSite) {
        var dependsOnAnswers = false
        site.expression.visit { node in
            switch node.kind {
            case .reference, .current, .call(.today, _): dependsOnAnswers = true
            default: break
            }
        }
        guard !dependsOnAnswers else { return }
        let what = site.ownerIsSection ? "section '\(site.owner)'" : "'\(site.owner)'"
        if site.expression.evaluate(in: EvaluationContext()).isTrue {
            warning(site.location(of: site.expression), "this relevant is always true; remove it")
        } else {
            warning(
                site.location(of: site.expression),
                "this relevant can never be true, so \(what) will never be shown; fix the condition or remove it")
        }
    }

    private mutating func checkCalculationCycles() {
        var dependencies: [String: [String]] = [:]
        for site in sites where site.field == .calculation {
            dependencies[site.owner] = site.expression.references.map(\.id).filter {
                form.question($0)?.type == .calculate
            }
        }
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var reported: Set<String> = []
        func visit(_ id: String, _ stack: [String], _ checker: inout FormChecker) {
            if state[id] == 2 { return }
            if state[id] == 1 {
                guard let start = stack.firstIndex(of: id) else { return }
                let cycle = Array(stack[start...]) + [id]
                guard reported.isDisjoint(with: cycle) else { return }
                reported.formUnion(cycle)
                // Point at the reference that starts the circle, in the first calculation on it.
                let site = checker.sites.first { $0.owner == id && $0.field == .calculation }
                let reference = site?.expression.references.first { $0.id == cycle[1] }?.node
                let location = site.map { $0.location(of: reference ?? $0.expression) }
                let path = cycle.map { "${\($0)}" }.joined(separator: " → ")
                let message =
                    cycle.count == 2
                    ? "the calculation of '\(id)' refers to ${\(id)} itself, so it can never be worked out; use "
                        + "other answers instead"
                    : "the calculations \(path) depend on each other in a circle, so none can be worked out; break "
                        + "the cycle"
                checker.error(location ?? SourceLocation(line: 1, column: 1), message)
                return
            }
            state[id] = 1
            for next in dependencies[id] ?? [] { visit(next, stack + [id], &checker) }
            state[id] = 2
        }
        for id in form.questions.map(\.id) where dependencies[id] != nil {
            visit(id, [], &self)
        }
    }

    /// An expression as it reads in a message, shortened if long.
    static func quote(_ node: FormExpression) -> String {
        let text = node.description
        return text.count > 40 ? String(text.prefix(37)) + "…" : text
    }
}
