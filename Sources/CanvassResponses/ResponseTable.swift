public import CanvassForms

/// A form's responses flattened into rows of cells, one row per response, as `canvass export --format csv` writes
/// them for spreadsheets, SPSS and R. Pure: the caller reads the responses and writes the lines (with `CSV.line`).
///
/// The columns are `id`, `form_version`, `created_at`, `completed_at`, `deprecates`, then the caller's extra
/// columns, then the questions in form order (notes have none; questions in a repeat section are in that section's
/// `RepeatTable`). A question takes one column named after its id, except:
/// - `select_multiple`: one column per option, `question.option`: `1` if ticked, `0` if the question was answered
///   but the option not ticked, empty if the question was not answered;
/// - `matrix`: one column per statement, `question.statement`, holding its rating;
/// - `rank`: one column per option, `question.option`, holding its place in the order (1 first), or empty.
///
/// Yes/no answers are `1` or `0`; numbers and Likert points are written as canonical JSON writes them (`7.5`,
/// `12000`); a Likert or matrix "missing" answer such as `dont_know` is its option's value; a `file` question holds
/// the attached file's name (several names are joined with `"; "`); other answers are their text. An answer that
/// is absent is an empty cell.
///
/// Every cell that holds text taken from a response or a form — free-text answers, file names, option values,
/// ids, dates, the caller's extra cells and the labels — passes through `CSV.safeText(_:)`: text beginning with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so a spreadsheet shows it rather than running
/// it as a formula (OWASP's advice on CSV injection). Numbers the table writes itself are never altered.
public struct ResponseTable: Sendable {
    /// The columns every main table starts with, filled from the response itself.
    public static let metadataColumns = ["id", "form_version", "created_at", "completed_at", "deprecates"]

    /// The form the responses answer.
    public let form: Form
    /// The caller's metadata columns (such as `organisation` or `received_at`), after the response's own.
    public let extraColumns: [String]
    /// The header of the main table.
    public let columns: [String]
    /// One table per repeat section, in form order.
    public let repeatTables: [RepeatTable]
    private let questionColumns: [QuestionColumns]

    /// Lays out the table for `form`, with `extraColumns` after the metadata columns for the caller to fill.
    public init(form: Form, extraColumns: [String] = []) {
        self.form = form
        self.extraColumns = extraColumns
        let language = form.languages.first
        questionColumns = QuestionColumns.layout(
            form.sections.filter { !$0.isRepeat }.flatMap(\.questions), form: form, language: language)
        columns = Self.metadataColumns + extraColumns + questionColumns.flatMap(\.names)
        repeatTables = form.sections.filter(\.isRepeat).map { RepeatTable(section: $0, form: form, language: language) }
    }

    /// A row of labels, one per column, for people reading the table: a question's text in the form's default
    /// language, `Question: option` for an option's or a statement's column, and empty for the metadata columns.
    public func labels() -> [String] {
        Array(repeating: "", count: Self.metadataColumns.count + extraColumns.count)
            + questionColumns.flatMap(\.labels)
    }

    /// The row for one response; `extra` holds the cells of the extra columns, in order (missing ones are empty,
    /// surplus ones are dropped, so the row always matches `columns`).
    public func row(for response: Response, extra: [String] = []) -> [String] {
        var row = [
            response.id, response.formVersion, response.createdAt, response.completedAt ?? "",
            response.deprecates ?? "",
        ].map(CSV.safeText)
        row.reserveCapacity(columns.count)
        for index in extraColumns.indices {
            row.append(index < extra.count ? CSV.safeText(extra[index]) : "")
        }
        for question in questionColumns {
            row += question.cells(for: response.answers[question.id], attachments: response.attachments)
        }
        return row
    }
}

/// The rows of one repeat section: one row per instance (one per tender), keyed by the response's id.
///
/// The columns are `response_id` (the main table's `id`), `instance` (1 for the first) and the section's questions,
/// laid out and written as `ResponseTable` writes its own.
public struct RepeatTable: Sendable {
    /// The columns before the questions'.
    public static let keyColumns = ["response_id", "instance"]

    /// The repeat section's id.
    public let section: String
    /// The header of the table.
    public let columns: [String]
    private let questionColumns: [QuestionColumns]

    init(section: Section, form: Form, language: String?) {
        self.section = section.id
        questionColumns = QuestionColumns.layout(section.questions, form: form, language: language)
        columns = Self.keyColumns + questionColumns.flatMap(\.names)
    }

    /// A row of labels, one per column, as `ResponseTable.labels()` makes them; the key columns have none.
    public func labels() -> [String] {
        Array(repeating: "", count: Self.keyColumns.count) + questionColumns.flatMap(\.labels)
    }

    /// The rows for one response, one per instance of the section, in order; none if the section was not answered.
    public func rows(for response: Response) -> [[String]] {
        guard case .array(let instances) = response.answers[section] else { return [] }
        let id = CSV.safeText(response.id)
        return instances.enumerated().map { index, instance in
            let answers = instance.object ?? [:]
            var row = [id, String(index + 1)]
            row.reserveCapacity(columns.count)
            // Forms keep file questions out of repeat sections, so an instance has no attachments to list.
            for question in questionColumns {
                row += question.cells(for: answers[question.id], attachments: [])
            }
            return row
        }
    }
}

/// The columns one question takes in a table, and how its answer fills them.
struct QuestionColumns: Sendable {
    /// How the answer spreads over the columns.
    enum Layout: Sendable {
        /// One column for the whole answer.
        case single
        /// A `select_multiple`: a 1/0 column per option value.
        case ticks([String])
        /// A `rank`: a column per option value holding its place.
        case places([String])
        /// A `matrix`: a column per statement id holding its rating.
        case ratings([String])
    }

    let id: String
    let type: QuestionType
    let layout: Layout
    let names: [String]
    let labels: [String]

    /// The columns of `questions`, in order; notes take none.
    static func layout(_ questions: [Question], form: Form, language: String?) -> [QuestionColumns] {
        questions.filter { $0.type != .note }.map { QuestionColumns($0, form: form, language: language) }
    }

    init(_ question: Question, form: Form, language: String?) {
        id = question.id
        type = question.type
        let label = question.label?.text(in: language) ?? ""
        let parts: [(id: String, label: String)]
        switch question.type {
        case .selectMultiple, .rank:
            parts = (form.choices(for: question)?.choices ?? []).map { ($0.value, $0.label.text(in: language)) }
            layout = question.type == .rank ? .places(parts.map(\.id)) : .ticks(parts.map(\.id))
        case .matrix:
            parts = question.items.map { ($0.id, $0.label.text(in: language)) }
            layout = .ratings(parts.map(\.id))
        default:
            parts = []
            layout = .single
        }
        if case .single = layout {
            names = [question.id]
            labels = [CSV.safeText(label)]
        } else {
            names = parts.map { question.id + "." + $0.id }
            labels = parts.map { CSV.safeText(label.isEmpty ? $0.label : label + ": " + $0.label) }
        }
    }

    /// The cells for `answer`; `attachments` are the response's, for a `file` question outside a repeat.
    func cells(for answer: JSONValue?, attachments: [Attachment]) -> [String] {
        switch layout {
        case .single:
            return [type == .file ? fileNames(answer, attachments) : Self.cell(answer)]
        case .ticks(let options):
            guard case .array(let ticked) = answer, !ticked.isEmpty else { return blank(options) }
            return options.map { ticked.contains(.string($0)) ? "1" : "0" }
        case .places(let options):
            guard case .array(let order) = answer, !order.isEmpty else { return blank(options) }
            return options.map { option in order.firstIndex(of: .string(option)).map { String($0 + 1) } ?? "" }
        case .ratings(let statements):
            guard case .object(let ratings) = answer else { return blank(statements) }
            return statements.map { Self.cell(ratings[$0]) }
        }
    }

    private func blank(_ columns: [String]) -> [String] { Array(repeating: "", count: columns.count) }

    /// The file the answer names, then any other file attached to this question, joined with "; ".
    private func fileNames(_ answer: JSONValue?, _ attachments: [Attachment]) -> String {
        var names: [String] = []
        if case .string(let name)? = answer, !name.isEmpty { names.append(name) }
        for attachment in attachments where attachment.question == id && !names.contains(attachment.name) {
            names.append(attachment.name)
        }
        return names.map(CSV.safeText).joined(separator: "; ")
    }

    /// One answer as a cell: yes/no as 1/0, numbers as canonical JSON writes them, text made safe to open.
    static func cell(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: ""
        case .bool(let flag)?: flag ? "1" : "0"
        case .number(let number)?: number.isFinite ? JSONValue.number(number).canonicalText : ""
        case .string(let text)?: CSV.safeText(text)
        // A calculation may give a list; anything else here is an answer of the wrong shape, kept rather than lost.
        case .array(let items)?: items.map { cell($0) }.joined(separator: " ")
        case .object?: CSV.safeText(value?.canonicalText ?? "")
        }
    }
}
