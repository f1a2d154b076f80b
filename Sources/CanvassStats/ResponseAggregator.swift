import CanvassForms
import CanvassResponses
public import Foundation

/// A response that is not valid JSON, or not a response object.
public struct MalformedResponse: Error, Sendable, CustomStringConvertible {
    /// The byte offset in the response's text where reading stopped.
    public let offset: Int
    /// What was wrong.
    public let message: String

    public var description: String { "at byte \(offset): \(message)" }
}

/// Counts responses into `Tallies`, reading each response's JSON bytes once, without building it.
///
/// A value: each worker has its own, and their tallies are merged. (A struct, not a class, so that the hot
/// loop pays no dynamic exclusivity checks.)
public struct ResponseAggregator {
    /// What an answers key stands for.
    private enum Handler {
        case variable(Int)
        case matrix(items: KeyTable, variables: [Int])
        case rank(options: KeyTable, variables: [Int])
        case section(Int)
        case ignored
    }

    private struct SectionReader {
        let keys: KeyTable
        let handlers: [Handler]
        let variables: [Int]
    }

    private let plan: AnalysisPlan
    private let variables: [Variable]
    /// The variables plus the grouping question, last, when there is one.
    private let slots: Int
    private let byIndex: Int?
    private let bySection: Int?
    private let valueTables: [KeyTable]
    private let kinds: [Variable.Kind]
    private let isYesNo: [Bool]
    /// Scale points (likert, matrix) or substantive options (select_multiple); 0 for rankings.
    private let scaleSizes: [Int]
    /// Each variable's codes per group (VariableTally.width).
    private let widths: [Int]
    private let answerKeys: KeyTable
    private let handlers: [Handler]
    private let sections: [SectionReader]
    private let topVariables: [Int]
    private let formBytes: [UInt8]
    private let versionBytes: [UInt8]
    private let codeToGroup: [Int]
    private let excluded: Set<String>

    /// The counts so far.
    public var tallies: Tallies {
        var tallies = counted
        if !earliest.isEmpty {
            tallies.collected = (String(decoding: earliest, as: UTF8.self), String(decoding: latest, as: UTF8.self))
        }
        if currentVersionResponses > 0 {
            tallies.versions[plan.form.version, default: .init()].responses += currentVersionResponses
        }
        return tallies
    }

    private var counted: Tallies
    /// Responses to the version analysed, added to `counted.versions` when the tallies are read.
    private var currentVersionResponses = 0

    // One row of answers (the response, or a repeat entry): code per slot (−1 unanswered, −2 invalid).
    private var codes: [Int32]
    private var numbers: [Double]
    private var masks: [UInt64]
    private var texts: [String?]
    // Repeat entries of the current response, row after row, and the section of each.
    private var entryCodes: [Int32] = []
    private var entryNumbers: [Double] = []
    private var entryMasks: [UInt64] = []
    private var entryTexts: [String?] = []
    private var entrySections: [Int] = []
    private var unknownKeys: [String] = []
    private var earliest: [UInt8] = []
    private var latest: [UInt8] = []
    private var sawInvalid = false

    /// An aggregator for `plan`, leaving out responses whose id is in `excluding` (replaced by corrections).
    public init(plan: AnalysisPlan, excluding: Set<String> = []) {
        self.plan = plan
        self.excluded = excluding
        var all = plan.variables
        var by: Variable?
        if case .question(let variable, _) = plan.grouping { by = variable }
        if let by { all.append(by) }
        variables = all
        slots = all.count
        byIndex = by == nil ? nil : all.count - 1
        kinds = all.map(\.kind)
        isYesNo = all.map { $0.question.type == .yesNo }
        scaleSizes = all.map { $0.question.type == .rank ? 0 : $0.values.count }
        widths = all.map { VariableTally($0).width }
        valueTables = all.map { variable in
            KeyTable((variable.values + variable.missingValues).enumerated().map { ($1, $0) })
        }
        // Answers keys: every answered question of the form (ones not analysed are skipped quietly).
        var sectionReaders: [SectionReader] = []
        var sectionIndex: [String: Int] = [:]
        // Each answers key's handler; a repeat section's key (at the top) reads its entries.
        func handlers(for questions: [Question], section: String?, sections repeats: [(String, Int)] = [])
            -> (KeyTable, [Handler], [Int])
        {
            var keys: [(String, Int)] = []
            var list: [Handler] = []
            var used: [Int] = []
            for question in questions where question.type.isAnswered {
                let indices = all.indices.filter { all[$0].question.id == question.id && all[$0].section == section }
                used += indices.filter { $0 != all.count - 1 || by == nil }
                keys.append((question.id, list.count))
                switch question.type {
                case _ where indices.isEmpty: list.append(.ignored)
                case .matrix:
                    let parts = indices.map { all[$0].part ?? "" }
                    list.append(.matrix(items: KeyTable(parts.enumerated().map { ($1, $0) }), variables: indices))
                case .rank:
                    let parts = indices.map { all[$0].part ?? "" }
                    list.append(.rank(options: KeyTable(parts.enumerated().map { ($1, $0) }), variables: indices))
                default: list.append(.variable(indices[0]))
                }
            }
            for (id, reader) in repeats {
                keys.append((id, list.count))
                list.append(.section(reader))
            }
            return (KeyTable(keys), list, used)
        }
        for section in plan.form.sections where section.isRepeat {
            let (keys, list, used) = handlers(for: section.questions, section: section.id)
            sectionIndex[section.id] = sectionReaders.count
            sectionReaders.append(SectionReader(keys: keys, handlers: list, variables: used))
        }
        let (top, topHandlers, topUsed) = handlers(
            for: plan.form.sections.filter { !$0.isRepeat }.flatMap(\.questions), section: nil,
            sections: plan.form.sections.filter(\.isRepeat).map { ($0.id, sectionIndex[$0.id] ?? 0) })
        answerKeys = top
        self.handlers = topHandlers
        sections = sectionReaders
        topVariables = topUsed
        bySection = by?.section.flatMap { sectionIndex[$0] }
        formBytes = Array(plan.form.id.utf8)
        versionBytes = Array(plan.form.version.utf8)
        if case .question(let variable, let groups) = plan.grouping {
            codeToGroup = (variable.values + variable.missingValues).map { groups.firstIndex(of: $0) ?? -1 }
        } else {
            codeToGroup = []
        }
        codes = Array(repeating: -1, count: all.count)
        numbers = Array(repeating: 0, count: all.count)
        masks = Array(repeating: 0, count: all.count)
        texts = Array(repeating: nil, count: all.count)
        counted = Tallies(plan: plan)
    }

    /// Counts one response given as its JSON text.
    public mutating func add(_ bytes: UnsafeRawBufferPointer) throws(MalformedResponse) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw MalformedResponse(offset: 0, message: "an empty response")
        }
        var cursor = JSONCursor(base, count: bytes.count)
        do { try read(&cursor) } catch { throw MalformedResponse(offset: error.offset, message: error.message) }
    }

    /// Counts one response given as its JSON text.
    public mutating func add(_ data: Data) throws(MalformedResponse) {
        let result = data.withUnsafeBytes { bytes -> MalformedResponse? in
            do throws(MalformedResponse) { try add(bytes) } catch { return error }
            return nil
        }
        if let result { throw result }
    }

    private mutating func read(_ cursor: inout JSONCursor) throws(ScanError) {
        for slot in 0..<slots { codes[slot] = -1 }
        entrySections.removeAll(keepingCapacity: true)
        entryCodes.removeAll(keepingCapacity: true)
        entryNumbers.removeAll(keepingCapacity: true)
        entryMasks.removeAll(keepingCapacity: true)
        entryTexts.removeAll(keepingCapacity: true)
        unknownKeys.removeAll(keepingCapacity: true)
        var form: (start: Int, count: Int)?
        var version: (start: Int, count: Int)?
        var id: (start: Int, count: Int)?
        var deprecates: (start: Int, count: Int)?
        var completed: (start: Int, count: Int)?
        var sawAnswers = false
        try cursor.expect(0x7B, "a response object ('{')")
        if !cursor.consume(0x7D) {
            repeat {
                let key = try cursor.string()
                try cursor.expect(0x3A, "':'")
                let name = UnsafeBufferPointer(start: cursor.base + key.start, count: key.count)
                switch key.count {
                case 7 where Self.matches(name, "answers"):
                    if sawAnswers { throw cursor.failure("a second \"answers\" in one response") }
                    try readAnswers(&cursor, keys: answerKeys, handlers: handlers, row: nil)
                    sawAnswers = true
                case 4 where Self.matches(name, "form"):
                    let value = try cursor.string()
                    form = (value.start, value.count)
                case 11 where Self.matches(name, "formVersion"):
                    let value = try cursor.string()
                    version = (value.start, value.count)
                case 2 where Self.matches(name, "id"):
                    let value = try cursor.string()
                    id = (value.start, value.count)
                case 11 where Self.matches(name, "completedAt"), 9 where Self.matches(name, "createdAt"):
                    if cursor.peek() == 0x22 {
                        let value = try cursor.string()
                        if key.count == 11 || completed == nil { completed = (value.start, value.count) }
                    } else {
                        try cursor.skipValue()
                    }
                case 10 where Self.matches(name, "deprecates"):
                    if cursor.peek() == 0x22 {
                        let value = try cursor.string()
                        deprecates = (value.start, value.count)
                    } else {
                        try cursor.skipValue()
                    }
                default:
                    try cursor.skipValue()
                }
            } while cursor.consume(0x2C)
            try cursor.expect(0x7D, "'}' or ','")
        }
        guard cursor.peek() == 0 else { throw cursor.failure("more text after the response object") }
        guard let form, sawAnswers else {
            throw ScanError(offset: 0, message: "not a response: it has no \(sawAnswers ? "form" : "answers")")
        }
        guard equals(cursor, form, formBytes) || text(cursor, form.start, form.count) == plan.form.id else {
            counted.otherForms[text(cursor, form.start, form.count), default: 0] += 1
            return
        }
        // A correction replaces a response of its own form only.
        if let deprecates { counted.replaced.insert(text(cursor, deprecates.start, deprecates.count)) }
        if !excluded.isEmpty, let id, excluded.contains(text(cursor, id.start, id.count)) {
            counted.replacedSkipped += 1
            return
        }
        let versionName =
            version.map { equals(cursor, $0, versionBytes) ? plan.form.version : text(cursor, $0.start, $0.count) }
            ?? "unknown"
        if let completed { noteTime(UnsafeBufferPointer(start: cursor.base + completed.start, count: completed.count)) }
        commit(version: versionName)
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        memcmp(bytes.baseAddress!, word.utf8Start, word.utf8CodeUnitCount) == 0
    }

    private func equals(_ cursor: JSONCursor, _ range: (start: Int, count: Int), _ bytes: [UInt8]) -> Bool {
        range.count == bytes.count
            && bytes.withUnsafeBufferPointer { memcmp(cursor.base + range.start, $0.baseAddress!, range.count) == 0 }
    }

    private func text(_ cursor: JSONCursor, _ start: Int, _ count: Int) -> String {
        let raw = UnsafeBufferPointer(start: cursor.base + start, count: count)
        if !raw.contains(0x5C) { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: (try? cursor.unescaped(start: start, count: count)) ?? Array(raw), as: UTF8.self)
    }

    /// Reads an answers object (the response's, or a repeat entry's) into row `row` (nil: the response's).
    private mutating func readAnswers(
        _ cursor: inout JSONCursor, keys: KeyTable, handlers: [Handler], row: Int?
    ) throws(ScanError) {
        try cursor.expect(0x7B, "an answers object ('{')")
        if cursor.consume(0x7D) { return }
        repeat {
            let key = try cursor.string()
            try cursor.expect(0x3A, "':'")
            var index = keys.lookup(cursor.base + key.start, key.count)
            if index == nil && key.escaped {
                index = keys.lookup(try cursor.unescaped(start: key.start, count: key.count))
            }
            guard let index else {
                unknownKeys.append(text(cursor, key.start, key.count))
                try cursor.skipValue()
                continue
            }
            switch handlers[index] {
            case .ignored: try cursor.skipValue()
            case .variable(let variable): try readValue(&cursor, variable, row: row)
            case .matrix(let items, let list): try readMatrix(&cursor, items, list, row: row)
            case .rank(let options, let list): try readRank(&cursor, options, list, row: row)
            case .section(let section): try readEntries(&cursor, section)
            }
        } while cursor.consume(0x2C)
        try cursor.expect(0x7D, "'}' or ','")
    }

    private mutating func set(_ variable: Int, row: Int?, code: Int32, number: Double = 0, mask: UInt64 = 0) {
        if let row {
            let index = row * slots + variable
            entryCodes[index] = code
            entryNumbers[index] = number
            entryMasks[index] = mask
        } else {
            codes[variable] = code
            numbers[variable] = number
            masks[variable] = mask
        }
    }

    /// The code of a string answer among the variable's values, or −2.
    private func code(_ cursor: JSONCursor, _ value: (start: Int, count: Int, escaped: Bool), _ variable: Int)
        throws(ScanError) -> Int32
    {
        var found = valueTables[variable].lookup(cursor.base + value.start, value.count)
        if found == nil && value.escaped {
            found = valueTables[variable].lookup(try cursor.unescaped(start: value.start, count: value.count))
        }
        return found.map(Int32.init) ?? -2
    }

    private mutating func readValue(_ cursor: inout JSONCursor, _ variable: Int, row: Int?) throws(ScanError) {
        let next = cursor.peek()
        if next == 0x6E {  // null: unanswered
            try cursor.literal("null")
            set(variable, row: row, code: -1)
            return
        }
        switch kinds[variable] {
        case .categorical:
            if isYesNo[variable] {
                switch next {
                case 0x74:
                    try cursor.literal("true")
                    set(variable, row: row, code: 0)
                case 0x66:
                    try cursor.literal("false")
                    set(variable, row: row, code: 1)
                default:
                    try cursor.skipValue()
                    set(variable, row: row, code: -2)
                }
            } else if next == 0x22 {
                let value = try cursor.string()
                set(variable, row: row, code: try code(cursor, value, variable))
            } else {
                try cursor.skipValue()
                set(variable, row: row, code: -2)
            }
        case .ordinal:
            try readScalePoint(&cursor, variable, row: row)
        case .numeric:
            if next == 0x2D || next &- 0x30 < 10 {
                let number = try cursor.number()
                // As the validator: a number too large for a double is not an answer.
                set(variable, row: row, code: number.isFinite ? 0 : -2, number: number)
            } else {
                try cursor.skipValue()
                set(variable, row: row, code: -2)
            }
        case .multiple:
            guard next == 0x5B else {
                try cursor.skipValue()
                set(variable, row: row, code: -2)
                return
            }
            cursor.position += 1
            var mask: UInt64 = 0
            var valid = true
            if !cursor.consume(0x5D) {
                repeat {
                    if cursor.peek() == 0x22 {
                        let value = try cursor.string()
                        let found = try code(cursor, value, variable)
                        if found >= 0 && found < 64 { mask |= 1 << UInt64(found) } else { valid = false }
                    } else {
                        try cursor.skipValue()
                        valid = false
                    }
                } while cursor.consume(0x2C)
                try cursor.expect(0x5D, "']' or ','")
            }
            if !valid {
                set(variable, row: row, code: -2)
            } else {
                set(variable, row: row, code: mask == 0 ? -1 : 0, mask: mask)
            }
        case .text:
            if next == 0x22 {
                let value = try cursor.string()
                let raw = UnsafeBufferPointer(start: cursor.base + value.start, count: value.count)
                // Blank as the validator says (any Unicode white space), looked at closely only when it may be.
                let asciiBlank = raw.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
                let blank =
                    asciiBlank
                    || ((value.escaped || raw.contains { $0 >= 0x80 })
                        && AnswerCheck.isBlank(.string(text(cursor, value.start, value.count))))
                if !blank {
                    set(variable, row: row, code: 0)
                    if plan.keepsText { setText(text(cursor, value.start, value.count), variable, row: row) }
                }
            } else {
                let start = cursor.position
                try cursor.skipValue()
                set(variable, row: row, code: 0)
                if plan.keepsText {
                    let raw = UnsafeBufferPointer(start: cursor.base + start, count: cursor.position - start)
                    setText(String(decoding: raw, as: UTF8.self), variable, row: row)
                }
            }
        }
    }

    private mutating func setText(_ text: String, _ variable: Int, row: Int?) {
        if let row { entryTexts[row * slots + variable] = text } else { texts[variable] = text }
    }

    /// A Likert or matrix answer: a scale point 1…n, or a missing option's value.
    private mutating func readScalePoint(_ cursor: inout JSONCursor, _ variable: Int, row: Int?) throws(ScanError) {
        let next = cursor.peek()
        if next == 0x22 {
            let value = try cursor.string()
            let found = try code(cursor, value, variable)
            set(variable, row: row, code: found >= 0 && Int(found) < scaleSizes[variable] ? -2 : found)
        } else if next == 0x2D || next &- 0x30 < 10 {
            let point = try cursor.number()
            let valid = point >= 1 && point <= Double(scaleSizes[variable]) && point == point.rounded()
            set(variable, row: row, code: valid ? Int32(point) - 1 : -2)
        } else if next == 0x6E {
            try cursor.literal("null")
        } else {
            try cursor.skipValue()
            set(variable, row: row, code: -2)
        }
    }

    /// Looks a string up in a table, decoding escapes only when it has them.
    private func lookup(_ table: KeyTable, _ cursor: JSONCursor, _ value: (start: Int, count: Int, escaped: Bool))
        throws(ScanError) -> Int?
    {
        if let found = table.lookup(cursor.base + value.start, value.count) { return found }
        return value.escaped ? table.lookup(try cursor.unescaped(start: value.start, count: value.count)) : nil
    }

    private mutating func readMatrix(_ cursor: inout JSONCursor, _ items: KeyTable, _ list: [Int], row: Int?)
        throws(ScanError)
    {
        if cursor.peek() == 0x6E {  // null: unanswered
            try cursor.literal("null")
            for variable in list { set(variable, row: row, code: -1) }
            return
        }
        guard cursor.peek() == 0x7B else {
            try cursor.skipValue()
            for variable in list { set(variable, row: row, code: -2) }
            return
        }
        cursor.position += 1
        if cursor.consume(0x7D) { return }
        repeat {
            let key = try cursor.string()
            try cursor.expect(0x3A, "':'")
            if let item = try lookup(items, cursor, key) {
                try readScalePoint(&cursor, list[item], row: row)
            } else {
                try cursor.skipValue()
            }
        } while cursor.consume(0x2C)
        try cursor.expect(0x7D, "'}' or ','")
    }

    /// A ranking: a list of option values, first = rank 1; each option's variable gets its rank.
    private mutating func readRank(_ cursor: inout JSONCursor, _ options: KeyTable, _ list: [Int], row: Int?)
        throws(ScanError)
    {
        if cursor.peek() == 0x6E {  // null: unanswered
            try cursor.literal("null")
            for variable in list { set(variable, row: row, code: -1) }
            return
        }
        guard cursor.peek() == 0x5B else {
            try cursor.skipValue()
            for variable in list { set(variable, row: row, code: -2) }
            return
        }
        cursor.position += 1
        if cursor.consume(0x5D) {
            for variable in list { set(variable, row: row, code: -1) }
            return
        }
        // Each option at most once, and only the form's options: otherwise the whole ranking is not valid.
        var ranks = [Int32](repeating: -1, count: list.count)
        var valid = true
        var position: Int32 = 0
        repeat {
            if cursor.peek() == 0x22 {
                let value = try cursor.string()
                if let option = try lookup(options, cursor, value), ranks[option] < 0 {
                    ranks[option] = position
                } else {
                    valid = false
                }
            } else {
                try cursor.skipValue()
                valid = false
            }
            position += 1
        } while cursor.consume(0x2C)
        try cursor.expect(0x5D, "']' or ','")
        for (option, variable) in list.enumerated() { set(variable, row: row, code: valid ? ranks[option] : -2) }
    }

    /// A repeat section's entries, each a row of its own.
    private mutating func readEntries(_ cursor: inout JSONCursor, _ section: Int) throws(ScanError) {
        guard cursor.peek() == 0x5B else {
            try cursor.skipValue()
            return
        }
        if entrySections.contains(section) { throw cursor.failure("a repeat section given twice in one response") }
        cursor.position += 1
        if cursor.consume(0x5D) { return }
        let reader = sections[section]
        repeat {
            let row = entrySections.count
            entrySections.append(section)
            entryCodes += repeatElement(-1, count: slots)
            entryNumbers += repeatElement(0, count: slots)
            entryMasks += repeatElement(0, count: slots)
            entryTexts += repeatElement(nil, count: slots)
            try readAnswers(&cursor, keys: reader.keys, handlers: reader.handlers, row: row)
        } while cursor.consume(0x2C)
        try cursor.expect(0x5D, "']' or ','")
    }

    // MARK: Counting a row

    /// Keeps the earliest and latest completion times (RFC 3339 in UTC compare as text), as bytes.
    private mutating func noteTime(_ time: UnsafeBufferPointer<UInt8>) {
        if earliest.isEmpty || time.lexicographicallyPrecedes(earliest) { earliest = Array(time) }
        if latest.isEmpty || latest.lexicographicallyPrecedes(time) { latest = Array(time) }
    }

    private mutating func commit(version: String) {
        counted.responses += 1
        let isCurrent = version == plan.form.version
        if !isCurrent || !unknownKeys.isEmpty {
            var differences = counted.versions[version, default: .init()]
            for key in unknownKeys { differences.unknownQuestions[key, default: 0] += 1 }
            counted.versions[version] = differences
        }
        if isCurrent {
            currentVersionResponses += 1
        } else {
            counted.versions[version, default: .init()].responses += 1
        }
        var responseGroup = 0
        switch plan.grouping {
        case .none: break
        case .formVersion(let fixed):
            if let index = counted.groupKeys.firstIndex(of: version) {
                responseGroup = index
            } else if fixed == nil {
                responseGroup = counted.groupKeys.count
                counted.groupKeys.append(version)
                counted.groupRows.append(0)
                for index in counted.variables.indices { counted.variables[index].grow(to: responseGroup + 1) }
            } else {
                responseGroup = -1
            }
        case .question:
            if bySection == nil, let byIndex { responseGroup = group(of: codes[byIndex]) }
        }
        if bySection == nil {
            if responseGroup >= 0 {
                counted.rows += 1
                counted.groupRows[responseGroup] += 1
                for variable in topVariables {
                    count(
                        variable, code: codes[variable], number: numbers[variable], mask: masks[variable],
                        text: texts[variable], group: responseGroup, version: version)
                }
            } else if let byIndex {
                ungroup(codes[byIndex])
            } else {
                counted.ungrouped["not among the groups chosen", default: 0] += 1
            }
        }
        for (row, section) in entrySections.enumerated() {
            var group = responseGroup
            if bySection == section, let byIndex { group = self.group(of: entryCodes[row * slots + byIndex]) }
            guard group >= 0 else {
                if bySection == section, let byIndex { ungroup(entryCodes[row * slots + byIndex]) }
                continue
            }
            if bySection == section {
                counted.rows += 1
                counted.groupRows[group] += 1
            }
            let base = row * slots
            for variable in sections[section].variables {
                count(
                    variable, code: entryCodes[base + variable], number: entryNumbers[base + variable],
                    mask: entryMasks[base + variable], text: entryTexts[base + variable], group: group,
                    version: version)
            }
        }
        if plan.keepsText { for slot in 0..<slots { texts[slot] = nil } }
    }

    private func group(of code: Int32) -> Int {
        code >= 0 && Int(code) < codeToGroup.count ? codeToGroup[Int(code)] : -1
    }

    private mutating func ungroup(_ code: Int32) {
        guard let byIndex else { return }
        let by = variables[byIndex]
        let reason: String
        switch code {
        case -1: reason = "unanswered"
        case -2: reason = "invalid"
        case let code where Int(code) >= by.values.count: reason = by.missingValues[Int(code) - by.values.count]
        default: reason = "not among the groups chosen"
        }
        counted.ungrouped[reason, default: 0] += 1
    }

    private mutating func count(
        _ variable: Int, code: Int32, number: Double, mask: UInt64, text: String?, group: Int, version: String
    ) {
        let width = widths[variable]
        let base = group * width
        // The last three codes: unanswered, not valid, answered (VariableTally's layout).
        let answered = base + width - 1
        switch code {
        case -1:
            counted.variables[variable].counts[answered - 2] += 1
            return
        case -2:
            counted.variables[variable].counts[answered - 1] += 1
            counted.versions[version, default: .init()].invalidAnswers[variables[variable].id, default: 0] += 1
            return
        default: break
        }
        switch kinds[variable] {
        case .categorical, .ordinal:
            counted.variables[variable].counts[base + Int(code)] += 1
        case .numeric:
            counted.variables[variable].counts[answered] += 1
            counted.variables[variable].numbers[group].add(number)
        case .multiple:
            var bits = mask
            while bits != 0 {
                let option = bits.trailingZeroBitCount
                counted.variables[variable].counts[base + option] += 1
                bits &= bits - 1
            }
            let substantive = scaleSizes[variable]
            let substantiveMask: UInt64 = substantive >= 64 ? ~0 : (1 << UInt64(substantive)) - 1
            if mask & substantiveMask != 0 { counted.variables[variable].counts[answered] += 1 }
        case .text:
            counted.variables[variable].counts[answered] += 1
            if let text, counted.variables[variable].texts[group].count < VariableTally.textLimit {
                counted.variables[variable].texts[group].append(text)
            }
        }
    }
}
