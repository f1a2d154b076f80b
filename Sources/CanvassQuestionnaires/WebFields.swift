public import CanvassForms
public import CanvassResponses
import Foundation

/// The fields the web questionnaire posts (`application/x-www-form-urlencoded`), and the answers they hold.
///
/// Field names follow the page: a question's id; `id.item` for a matrix statement; `id.N` for a ranking's N-th
/// choice; in a repeat section's entry, each name ends in the entry's suffix (`__3`), and the entry is listed by a
/// `canvass-entry` field (`tenders__3`) in page order. `canvass-id` carries the response id the page was given, and
/// `canvass-action` which button was pressed without JavaScript (`add:SECTION`, `remove:SECTION__3`, or sending).
public struct WebFields: Sendable {
    /// The fields in the order they were posted.
    public let pairs: [(name: String, value: String)]
    /// Each name's values, in order: every look-up is one hash, whatever the size of the post.
    private let index: [String: [String]]

    /// What a press of one of the page's buttons asks for.
    public enum Action: Sendable, Equatable {
        /// Check and send the answers (the main button, or pressing Enter).
        case send
        /// Show the page again with one more entry in the section.
        case add(section: String)
        /// Show the page again without the entry (`tenders`, 3).
        case remove(section: String, entry: Int)
    }

    /// Fields from a list of pairs.
    public init(_ pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
        var index: [String: [String]] = [:]
        for (name, value) in pairs { index[name, default: []].append(value) }
        self.index = index
    }

    /// Fields from a form-encoded body; invalid percent escapes are kept as they were written.
    public init(urlEncoded body: some Collection<UInt8>) {
        func decode(_ part: ArraySlice<UInt8>) -> String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(part.count)
            var index = part.startIndex
            while index < part.endIndex {
                let byte = part[index]
                if byte == UInt8(ascii: "+") {
                    bytes.append(UInt8(ascii: " "))
                } else if byte == UInt8(ascii: "%"), index + 2 < part.endIndex,
                    let high = Self.hexValue(part[index + 1]), let low = Self.hexValue(part[index + 2])
                {
                    bytes.append(high << 4 | low)
                    index += 2
                } else {
                    bytes.append(byte)
                }
                index += 1
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        let bytes = Array(body)
        self.init(
            bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).map { field in
                let parts = field.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
                return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
            })
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Every value posted under `name`, in order.
    public func values(_ name: String) -> [String] { index[name] ?? [] }

    /// The first value posted under `name`.
    public func value(_ name: String) -> String? { index[name]?.first }

    /// The response id the page was given, if it is one.
    public var responseID: String? { value("canvass-id").flatMap { Response.isValidID($0) ? $0 : nil } }

    /// The response these answers correct, when the page was sent before and then changed.
    public var deprecates: String? { value("canvass-deprecates").flatMap { Response.isValidID($0) ? $0 : nil } }

    /// The button pressed.
    public var action: Action {
        let text = value("canvass-action") ?? ""
        if text.hasPrefix("add:") { return .add(section: String(text.dropFirst(4))) }
        if text.hasPrefix("remove:"), let (section, entry) = Self.entry(String(text.dropFirst(7))) {
            return .remove(section: section, entry: entry)
        }
        return .send
    }

    /// The entries of each of the form's repeat sections as posted (`tenders__3` → `tenders`: [3]), in page order,
    /// each number once, and no more than the section takes (or 100 when it sets no maximum).
    public func entries(for form: Form) -> [String: [Int]] {
        var entries: [String: [Int]] = [:]
        var seen: Set<String> = []
        for text in values("canvass-entry") {
            guard let (section, number) = Self.entry(text), let rule = form.section(section)?.repeatRule,
                (entries[section]?.count ?? 0) < rule.maximum ?? Self.entriesWithoutMaximum,
                seen.insert("\(section)\u{1F}\(number)").inserted
            else { continue }
            entries[section, default: []].append(number)
        }
        return entries
    }

    /// The most entries read for a repeat section that sets no maximum.
    public static let entriesWithoutMaximum = 100

    /// `tenders__3` as (`tenders`, 3).
    static func entry(_ text: String) -> (String, Int)? {
        guard let range = text.range(of: "__", options: .backwards), let number = Int(text[range.upperBound...]),
            number > 0, number < 1_000_000, range.lowerBound > text.startIndex
        else { return nil }
        return (String(text[..<range.lowerBound]), number)
    }

    /// The suffix of entry `number` (`__3`).
    public static func suffix(_ number: Int) -> String { "__\(number)" }

    /// The answers the fields hold, keyed by question id, as a response stores them (a repeat section's entries as a
    /// list of answer maps). Text that cannot be read as its question's type is kept as text, for the validator to
    /// refuse with its message if, and only if, the question is asked.
    ///
    /// `files` gives the name each `file` question's field was stored under (`evidence__2` → `report.pdf`).
    public func answers(for form: Form, files: [String: String] = [:]) -> [String: JSONValue] {
        var answers: [String: JSONValue] = [:]
        let entries = entries(for: form)
        for section in form.sections {
            if section.isRepeat {
                let list = (entries[section.id] ?? []).map { number in
                    JSONValue.object(
                        self.answers(to: section.questions, suffix: Self.suffix(number), form: form, files: files))
                }
                if !list.isEmpty { answers[section.id] = .array(list) }
            } else {
                answers.merge(self.answers(to: section.questions, suffix: "", form: form, files: files)) { first, _ in
                    first
                }
            }
        }
        return answers
    }

    private func answers(
        to questions: [Question], suffix: String, form: Form, files: [String: String]
    ) -> [String: JSONValue] {
        var answers: [String: JSONValue] = [:]
        for question in questions {
            if question.type == .file {
                if let name = files[question.id + suffix] { answers[question.id] = .string(name) }
            } else if let value = answer(to: question, suffix: suffix, form: form) {
                answers[question.id] = value
            }
        }
        return answers
    }

    /// The question a field is for, and the entry it is in (`evidence__2` → `evidence`, 2), if it is a question's.
    public static func question(ofField field: String, in form: Form) -> (Question, Int?)? {
        if let question = form.question(field) { return (question, nil) }
        guard let (id, number) = entry(field), let question = form.question(id),
            form.section(containing: id)?.isRepeat == true
        else { return nil }
        return (question, number)
    }

    /// A file name a browser sent, made a plain name an attachment can have: the last part of any path, without
    /// control characters or leading dots, at most 200 bytes; "file" if nothing is left.
    public static func fileName(_ sent: String) -> String {
        let last = sent.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var name = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        while name.hasPrefix(".") { name.removeFirst() }
        while name.utf8.count > 200 { name.removeFirst() }
        return name.isEmpty ? "file" : name
    }

    private func answer(to question: Question, suffix: String, form: Form) -> JSONValue? {
        let choices = form.choices(for: question)
        func text(_ name: String) -> String? {
            guard let text = value(name), !AnswerCheck.isBlank(.string(text)) else { return nil }
            return text
        }
        /// A scale answer: the point's number (1…N), or a `missing` option's value.
        func point(_ value: String) -> JSONValue {
            if let index = choices?.substantive.firstIndex(where: { $0.value == value }) {
                return .number(Double(index + 1))
            }
            return .string(value)
        }
        let name = question.id + suffix
        switch question.type {
        case .text, .longText, .email, .date, .selectOne:
            // Browsers send line breaks as CR LF; answers keep them as LF.
            return text(name).map { .string($0.replacingOccurrences(of: "\r\n", with: "\n")) }
        case .integer, .decimal:
            return text(name).map { text in
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                return NumberText.parse(trimmed).map { .number($0) } ?? .string(trimmed)
            }
        case .yesNo:
            return text(name).map { $0 == "yes" ? .bool(true) : $0 == "no" ? .bool(false) : .string($0) }
        case .likert:
            return text(name).map(point)
        case .selectMultiple:
            let ticked = values(name).filter { !$0.isEmpty }
            return ticked.isEmpty ? nil : .array(ticked.map { .string($0) })
        case .matrix:
            var members: [String: JSONValue] = [:]
            for item in question.items {
                if let value = text("\(question.id).\(item.id)\(suffix)") { members[item.id] = point(value) }
            }
            return members.isEmpty ? nil : .object(members)
        case .rank:
            let ranked = (choices?.choices ?? []).indices.compactMap { text("\(question.id).\($0 + 1)\(suffix)") }
            return ranked.isEmpty ? nil : .array(ranked.map { .string($0) })
        case .file, .note, .calculate:
            return nil
        }
    }
}
