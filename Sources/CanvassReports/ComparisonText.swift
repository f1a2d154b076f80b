import CanvassForms
import CanvassResponses
public import CanvassStats
import Foundation

/// How a comparison is written out.
public enum ComparisonFormat: String, Sendable, CaseIterable {
    case table
    case csv
    case json
    case markdown
}

extension Comparison {
    /// The comparison in `format` (tables fit 80 columns for up to five groups).
    public func rendered(as format: ComparisonFormat) -> String {
        switch format {
        case .json: json.prettyText + "\n"
        case .csv: csvText
        case .table: TextLayout(comparison: self, markdown: false).text
        case .markdown: TextLayout(comparison: self, markdown: true).text
        }
    }

    /// The conventions, for every report's method notes.
    public var methodNotes: [String] {
        var lines = [
            "Percentages are of valid answers; don't know, prefer not to say and unanswered are counted apart and "
                + "are in no base. Intervals: Wilson score, \(Self.percent(method.level * 100))%.",
            "Quantiles: Hyndman–Fan type 7 (R and numpy's default). SD with n − 1.",
            "Categories: Pearson's chi-square (Yates' correction only for 2 × 2), Cramér's V from the uncorrected "
                + "statistic; Fisher's exact test (two-sided) for a 2 × 2 with an expected count under 5.",
            "Scales and rankings: Mann–Whitney U (U of the first group; exact with ≤ 8 in the smaller group and "
                + "no ties, else normal with tie and continuity corrections) and rank-biserial r; 3+ groups "
                + "Kruskal–Wallis H (tie-corrected) and ε².",
            "Numbers: Welch's t (Satterthwaite df) and Cohen's d; 3+ groups Welch's ANOVA.",
            "Pairs of groups: p adjusted across the pairs by "
                + (method.adjust == .holm ? "Holm's method." : "Benjamini–Hochberg.")
                + (method.adjustAcrossQuestions ? " Question-level p also adjusted across questions (BH)." : ""),
            "Multiple choice: % of cases (respondents) and % of responses (ticks); each option tested ticked "
                + "or not.",
        ]
        if method.minCell > 1 {
            lines.append(
                "Counts under \(method.minCell) are suppressed (*), with others they could be worked out from.")
        }
        return lines
    }

    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.1f", value)
    }

    static func statistic(_ value: Double?) -> String {
        guard let value else { return "–" }
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "−∞") }
        return abs(value) >= 1e6 ? String(format: "%.4g", value) : String(format: "%.3f", value)
    }

    static func p(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        if value < 1e-300 { return "< 1e-300" }
        return value >= 0.001 ? String(format: "%.4f", value) : String(format: "%.2e", value)
    }

    static func testLine(_ test: ReportedTest, _ effect: EffectSize?) -> String {
        var text = test.name.replacingOccurrences(of: "_", with: " ")
        if test.statistic.isNaN && test.p.isFinite {
            // Withheld under --min-cell: p alone.
            text += ": " + equals("p", p(test.p))
            if let adjusted = test.pAdjusted { text += ", " + equals("adjusted p", p(adjusted)) }
            return text + " (statistic withheld beside hidden counts)"
        }
        if let df = test.df { text += test.df2.map { "(\(degrees(df)), \(degrees($0)))" } ?? "(\(degrees(df)))" }
        text += " = \(statistic(test.statistic)), " + equals("p", p(test.p))
        if let adjusted = test.pAdjusted { text += ", " + equals("adjusted p", p(adjusted)) }
        if let across = test.pAcrossQuestions { text += ", " + equals("p across questions", p(across)) }
        if let effect {
            text += "; \(effect.name.replacingOccurrences(of: "_", with: " ")) = \(statistic(effect.value))"
        }
        if let note = test.note, !test.p.isFinite || note.contains("exact") { text += " (\(note))" }
        return text
    }

    static func equals(_ name: String, _ value: String) -> String {
        value.hasPrefix("<") ? "\(name) \(value)" : "\(name) = \(value)"
    }

    static func degrees(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func cell(_ value: Int?) -> String { value.map(String.init) ?? "*" }

    private var csvText: String {
        var lines = [
            CSV.line([
                "question", "type", "kind", "value", "group", "count", "percent", "ci_lower", "ci_upper",
                "percent_of_responses", "n", "mean", "sd", "min", "q1", "median", "q3", "max", "top2", "bottom2",
                "net", "test", "statistic", "df", "df2", "p", "p_adjusted", "p_across_questions", "effect",
                "effect_value",
            ])
        ]
        func number(_ value: Double?) -> String { value.map { $0.isFinite ? "\($0)" : "" } ?? "" }
        func cells(_ value: Int?) -> String { value.map(String.init) ?? "*" }
        func testCells(_ test: ReportedTest?, _ effect: EffectSize?) -> [String] {
            [
                test?.name ?? "", number(test?.statistic), number(test?.df), number(test?.df2), number(test?.p),
                number(test?.pAdjusted), number(test?.pAcrossQuestions), effect?.name ?? "", number(effect?.value),
            ]
        }
        // Columns: 5 naming the row, 5 of counts, 11 of summary (n … net), 9 of tests.
        let noCounts = Array(repeating: "", count: 5)
        let noSummary = Array(repeating: "", count: 11)
        let noTest = Array(repeating: "", count: 9)
        for question in questions {
            // Columns: 5 naming the record, 5 of counts, 11 of group summary (n … net), 9 of tests.
            func record(_ kind: String, _ value: String, _ group: String, _ rest: [String]) {
                lines.append(CSV.line([question.id, question.type, kind, value, group].map(CSV.safeText) + rest))
            }
            for row in question.rows {
                for (g, group) in groups.enumerated() {
                    let counts = [
                        cells(row.counts[g]), number(row.percents[g]), number(row.intervals[g]?.lower),
                        number(row.intervals[g]?.upper), number(row.percentsOfResponses?[g]),
                    ]
                    record("count", row.value, group.value, counts + noSummary + noTest)
                }
                if let test = row.test {
                    record("test", row.value, "", noCounts + noSummary + testCells(test, row.effect))
                }
                for pair in row.pairwise {
                    record(
                        "pairwise", row.value, "\(pair.a) vs \(pair.b)",
                        noCounts + noSummary + testCells(pair.test, pair.effect))
                }
            }
            for row in question.missing {
                for (g, group) in groups.enumerated() {
                    record(
                        "missing", row.value, group.value,
                        [cells(row.counts[g])] + noCounts.dropFirst() + noSummary + noTest)
                }
            }
            for summary in question.summary {
                let values = [
                    summary.mean, summary.sd, summary.min, summary.q1, summary.median, summary.q3, summary.max,
                    summary.top2, summary.bottom2, summary.net,
                ].map(number)
                record("summary", "", summary.group, noCounts + [cells(summary.n)] + values + noTest)
            }
            if let test = question.test {
                record("test", "", "", noCounts + noSummary + testCells(test, question.effect))
            }
            for pair in question.pairwise {
                record(
                    "pairwise", "", "\(pair.a) vs \(pair.b)", noCounts + noSummary + testCells(pair.test, pair.effect))
            }
        }
        // CSV.line ends each record with CRLF.
        return lines.joined()
    }
}

extension Comparison {
    /// Text that Markdown shows as written: its punctuation escaped, so a label cannot become markup or HTML.
    static func markdownText(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>&|#".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

/// The terminal table and Markdown layouts: one block per question.
private struct TextLayout {
    let comparison: Comparison
    let markdown: Bool
    let width = 80

    var text: String {
        var out: [String] = []
        let c = comparison
        let title =
            c.by == nil
            ? "Summary of \(c.form) (version \(c.formVersion))"
            : "\(c.form) (version \(c.formVersion)) by \(c.by ?? "")"
        out.append(markdown ? "# " + Self.markdownEscape(title) : title)
        out.append("")
        var facts = "\(Comparison.cell(c.responses)) responses"
        if c.unit != "response" { facts += ", \(Comparison.cell(c.rows)) \(c.unit) entries" }
        if c.by != nil {
            facts +=
                "; groups: " + c.groups.map { "\($0.label) (n = \(Comparison.cell($0.n)))" }.joined(separator: ", ")
        }
        out += markdown ? [Self.markdownEscape(facts)] : Self.wrap(facts, width: width)
        for note in c.notes {
            out += markdown ? ["- " + Self.markdownEscape(note)] : Self.wrap("Note: " + note, width: width)
        }
        for question in c.questions {
            out.append("")
            out += block(question)
        }
        out.append("")
        out.append(markdown ? "## Method" : "Method")
        for line in c.methodNotes {
            out += markdown ? ["- " + Self.markdownEscape(line)] : Self.wrap(line, width: width - 4).map { "  " + $0 }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func block(_ q: QuestionComparison) -> [String] {
        var lines: [String] = []
        let heading = "\(q.id) (\(q.type)\(q.section.map { ", each \($0) entry" } ?? "")): \(q.label)"
        lines.append(markdown ? "## " + Self.markdownEscape(heading) : truncate(heading, width))
        let groups = comparison.groups
        var table: [[String]] = []
        let header = [""] + groups.map { $0.label.count <= 12 || markdown ? $0.label : $0.value }
        func row(_ label: String, _ cells: [String]) { table.append([label] + cells) }
        for r in q.rows {
            let cells = groups.indices.map { g -> String in
                var cell = Comparison.cell(r.counts[g])
                if let percent = r.percents[g] { cell += " " + Comparison.percent(percent) + "%" }
                if groups.count == 1, let interval = r.intervals[g] {
                    cell += " (\(Comparison.percent(interval.lower))–\(Comparison.percent(interval.upper)))"
                }
                return cell
            }
            row(r.label, cells)
        }
        if q.type == "select_multiple" {
            // Of all the options ticked in the group, beside "of cases" above.
            for r in q.rows {
                let cells = groups.indices.map { g in
                    r.percentsOfResponses?[g].map { Comparison.percent($0) + "%" } ?? (r.counts[g] == nil ? "*" : "–")
                }
                row("% of responses: " + r.label, cells)
            }
        }
        if !q.rows.isEmpty || q.type == "integer" || q.type == "decimal" || q.summary.isEmpty {
            row(q.rows.isEmpty ? "Answered" : "Base", q.bases.map(Comparison.cell))
        }
        for m in q.missing where m.counts.contains(where: { $0 != 0 }) { row(m.label, m.counts.map(Comparison.cell)) }
        for (name, path) in Self.summaryFields(q.type) {
            let cells = q.summary.map { s -> String in
                guard let value = s[keyPath: path] else { return s.n == nil ? "*" : "–" }
                return name.hasPrefix("%") ? Comparison.percent(value) : Comparison.statistic(value)
            }
            if cells.contains(where: { $0 != "–" }) { row(name, cells) }
        }
        lines += markdown ? markdownTable(header, table) : plainTable(header, table)
        // Test lines wrap (never cut) at 80 columns.
        // In Markdown, each line its own paragraph (pairs as list items), its text escaped.
        func say(_ text: String, depth: String = "") {
            lines +=
                markdown
                ? (depth.isEmpty ? [Self.markdownEscape(text), ""] : ["- " + Self.markdownEscape(text)])
                : Self.wrap(text, width: width - indent.count - depth.count).map {
                    indent + depth + $0
                }
        }
        if let test = q.test { say(Comparison.testLine(test, q.effect)) }
        for r in q.rows { if let test = r.test { say("\(r.value): " + Comparison.testLine(test, r.effect)) } }
        let pairs =
            q.pairwise
            + q.rows.flatMap { r in
                r.pairwise.map { p in
                    var p = p
                    p.a = "\(r.value): \(p.a)"
                    return p
                }
            }
        if !pairs.isEmpty {
            say("Pairs (p adjusted by \(comparison.method.adjust == .holm ? "Holm" : "Benjamini–Hochberg")):")
            for pair in pairs {
                say("\(pair.a) vs \(pair.b): " + Comparison.testLine(pair.test, pair.effect), depth: "  ")
            }
            if markdown { lines.append("") }
        }
        for note in q.notes { say(note) }
        if let texts = q.texts {
            for (g, list) in texts.enumerated() {
                if groups.count > 1 { lines.append(indent + groups[g].label + ":") }
                for text in list { lines.append(indent + "- " + text.replacingOccurrences(of: "\n", with: " ")) }
            }
        }
        return lines
    }

    private var indent: String { markdown ? "" : "  " }

    static func markdownEscape(_ text: String) -> String { Comparison.markdownText(text) }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = "  "
            }
            line += (line.isEmpty || line == "  " ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    private static func summaryFields(_ type: String) -> [(String, KeyPath<GroupSummary, Double?>)] {
        var fields: [(String, KeyPath<GroupSummary, Double?>)] = [
            ("Mean", \.mean), ("SD", \.sd), ("Median", \.median), ("Quartile 1", \.q1), ("Quartile 3", \.q3),
        ]
        if type == "integer" || type == "decimal" { fields += [("Min", \.min), ("Max", \.max)] }
        if type == "likert" { fields += [("% top 2", \.top2), ("% bottom 2", \.bottom2), ("% net", \.net)] }
        return fields
    }

    private func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// Columns as wide as their widest cell; the labels get what is left of 80 columns (at least 20).
    private func plainTable(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let columns = (1..<header.count).map { c in all.map { $0[c].count }.max() ?? 0 }
        let labelWidth = max(12, width - 2 - columns.reduce(0) { $0 + $1 + 2 })
        return all.map { cells in
            let label = truncate(cells[0], labelWidth)
            var line = "  " + label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            for (c, cell) in cells.dropFirst().enumerated() {
                line += String(repeating: " ", count: columns[c] + 2 - cell.count) + cell
            }
            return line
        }
    }

    private func markdownTable(_ header: [String], _ rows: [[String]]) -> [String] {
        let escape = Self.markdownEscape
        var lines = ["| " + header.map(escape).joined(separator: " | ") + " |"]
        lines.append("|" + header.indices.map { $0 == 0 ? " --- " : " ---: " }.joined(separator: "|") + "|")
        for row in rows { lines.append("| " + row.map(escape).joined(separator: " | ") + " |") }
        lines.append("")
        return lines
    }
}
