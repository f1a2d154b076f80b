public import CanvassStats
import Foundation

extension Comparison {
    /// A self-contained HTML report: inline CSS and SVG, no scripts, no network; prints on A4.
    public var htmlReport: String {
        let e = Chart.escape
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(formTitle + " — " + (by == nil ? "summary" : "comparison by \(byLabel ?? by ?? "")")))</title>
            <style>\(Self.reportStyle)</style>
            </head>
            <body>
            <header class="cover">
            <h1>\(e(formTitle))</h1>

            """
        html +=
            "<p class=\"subtitle\">"
            + e(by == nil ? "Summary of the responses" : "Grouped by the answer to \"\(byLabel ?? by ?? "")\"")
            + "</p>\n<dl class=\"facts\">\n"
        var facts: [(String, String)] = [
            ("Form", "\(form), version \(formVersion)"), ("Responses", Self.cell(responses)),
        ]
        if unit != "response" { facts.append(("Rows analysed", "\(Self.cell(rows)) \(unit) entries")) }
        if let collected {
            facts.append(("Collected", "\(Self.day(collected.first)) to \(Self.day(collected.last))"))
        }
        if by != nil {
            facts.append(("Groups", groups.map { "\($0.label) (n = \(Self.cell($0.n)))" }.joined(separator: "; ")))
        }
        for (term, value) in facts { html += "<dt>\(e(term))</dt><dd>\(e(value))</dd>\n" }
        html += "</dl>\n</header>\n<main>\n"

        let findings = questions.compactMap { question in
            finding(for: question).map { (question, $0) }
        }
        if !findings.isEmpty {
            html +=
                "<section class=\"findings\" aria-labelledby=\"findings\">\n<h2 id=\"findings\">Findings</h2>\n<ul>\n"
            for (question, text) in findings {
                html += "<li><a href=\"#\(Self.anchor(question.id))\">\(e(text))</a></li>\n"
            }
            html += "</ul>\n</section>\n"
        }
        // Questions nobody answered are listed once, not given a section each.
        let unanswered = questions.filter(\.isUnanswered)
        for question in questions where !question.isUnanswered { html += section(question) }
        if !unanswered.isEmpty {
            html +=
                "<section class=\"unanswered\" aria-labelledby=\"unanswered\">\n"
                + "<h2 id=\"unanswered\">Questions nobody answered</h2>\n<p>"
                + e(unanswered.map { "\($0.label) (\($0.id))" }.joined(separator: "; ")) + "</p>\n</section>\n"
        }
        html += "<section class=\"method\" aria-labelledby=\"method\">\n<h2 id=\"method\">Method</h2>\n<ul>\n"
        for line in methodNotes + [Self.findingsNote] { html += "<li>\(e(line))</li>\n" }
        html += "</ul>\n"
        if !notes.isEmpty {
            html += "<h3>About the responses</h3>\n<ul>\n"
            for note in notes { html += "<li>\(e(note))</li>\n" }
            html += "</ul>\n"
        }
        html += "</section>\n</main>\n</body>\n</html>\n"
        return html
    }

    /// A group's label for a value (a select_multiple option's pair keeps its "option: " prefix).
    private func label(_ value: String) -> String {
        if let group = groups.first(where: { $0.value == value }) { return group.label }
        if let colon = value.range(of: ": ", options: .backwards) {
            let group = String(value[colon.upperBound...])
            return String(value[..<colon.upperBound]) + (groups.first { $0.value == group }?.label ?? group)
        }
        return value
    }

    /// A test as a committee reads it: "Welch's t(45.9) = 5.169, p < 0.001; Cohen's d = 1.261".
    func reportTestLine(_ test: ReportedTest, _ effect: EffectSize?) -> String {
        let names = [
            "chi_square": "Chi-square", "fisher_exact": "Fisher's exact test", "mann_whitney_u": "Mann–Whitney U",
            "kruskal_wallis": "Kruskal–Wallis H", "welch_t": "Welch's t", "welch_anova": "Welch's ANOVA F",
        ]
        let effects = [
            "cramers_v": "Cramér's V", "rank_biserial": "rank-biserial r", "cohens_d": "Cohen's d",
            "epsilon_squared": "ε²",
        ]
        var text = names[test.name] ?? test.name
        guard test.statistic.isFinite else {
            if !test.p.isFinite { return text + ": not defined (\(test.note ?? "too few answers"))" }
            return text + ": " + Self.pText(test.p) + " (statistic withheld beside suppressed counts)"
        }
        if let df = test.df {
            text += test.df2.map { "(\(Self.degrees(df)), \(Self.degrees($0)))" } ?? "(\(Self.degrees(df)))"
        }
        text += " = " + Self.statistic(test.statistic) + ", " + Self.pText(test.p)
        if let adjusted = test.pAdjusted { text += ", adjusted " + Self.pText(adjusted) }
        if let effect, effect.value.isFinite {
            text += "; \(effects[effect.name] ?? effect.name) = " + String(format: "%.3f", effect.value)
        }
        return text
    }

    static func anchor(_ id: String) -> String { "q-" + id.replacingOccurrences(of: ".", with: "-") }

    static func day(_ time: String) -> String { String(time.prefix(10)) }

    private func section(_ question: QuestionComparison) -> String {
        let e = Chart.escape
        let anchor = Self.anchor(question.id)
        var html = "<section class=\"question\" id=\"\(anchor)\" aria-labelledby=\"\(anchor)-h\">\n"
        html += "<h2 id=\"\(anchor)-h\">\(e(question.label))</h2>\n"
        html +=
            "<p class=\"meta\">\(e(question.id)) · \(e(question.type))"
            + (question.section.map { " · one row per \(e($0)) entry" } ?? "")
            + " · base \(Self.cell(question.base))</p>\n"
        if let finding = finding(for: question) { html += "<p class=\"finding\">\(e(finding))</p>\n" }
        if let chart = Chart.svg(question, in: self) { html += "<figure>\n\(chart)\n</figure>\n" }
        html += table(question)
        if let test = question.test {
            html += "<p class=\"test\">\(e(reportTestLine(test, question.effect)))</p>\n"
        }
        let rowTests = question.rows.compactMap { row in
            row.test.map { "\(row.label): " + reportTestLine($0, row.effect) }
        }
        if !rowTests.isEmpty {
            html += "<ul class=\"tests\">\n" + rowTests.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
        }
        let pairs =
            question.pairwise
            + question.rows.flatMap { row in
                row.pairwise.map { pair in
                    var pair = pair
                    pair.a = "\(row.label): \(pair.a)"
                    return pair
                }
            }
        if !pairs.isEmpty {
            html +=
                "<p class=\"pairs-heading\">Pairs of groups (p adjusted by "
                + (method.adjust == .holm ? "Holm" : "Benjamini–Hochberg") + "):</p>\n<ul class=\"pairs\">\n"
            for pair in pairs {
                let line = "\(label(pair.a)) vs \(label(pair.b)): " + reportTestLine(pair.test, pair.effect)
                html += "<li>\(e(line))</li>\n"
            }
            html += "</ul>\n"
        }
        for note in question.notes { html += "<p class=\"note\">\(e(note))</p>\n" }
        if let texts = question.texts {
            html += "<ul class=\"texts\">\n"
            for (g, list) in texts.enumerated() {
                for text in list { html += "<li>\(groups.count > 1 ? e(groups[g].label) + ": " : "")\(e(text))</li>\n" }
            }
            html += "</ul>\n"
        }
        return html + "</section>\n"
    }

    /// The question's data as a table (a chart's data for people who cannot see it, and the exact figures).
    private func table(_ question: QuestionComparison) -> String {
        let e = Chart.escape
        var html =
            "<table>\n<caption>\(e(question.label)): the figures</caption>\n<thead><tr><th scope=\"col\">Answer</th>"
        for group in groups { html += "<th scope=\"col\">\(e(group.label))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        func row(_ label: String, _ cells: [String], _ kind: String = "") {
            html += "<tr\(kind.isEmpty ? "" : " class=\"\(kind)\"")><th scope=\"row\">\(e(label))</th>"
            for cell in cells { html += "<td>\(e(cell))</td>" }
            html += "</tr>\n"
        }
        for r in question.rows {
            row(
                r.label,
                groups.indices.map { g in
                    Self.cell(r.counts[g]) + (r.percents[g].map { " (" + Self.percent($0) + "%)" } ?? "")
                })
        }
        row(question.rows.isEmpty ? "Answered" : "Base", question.bases.map(Self.cell), "base")
        for m in question.missing where m.counts.contains(where: { $0 != 0 }) {
            row(m.label, m.counts.map(Self.cell), "missing")
        }
        if question.type == "select_multiple" {
            for r in question.rows {
                let cells = groups.indices.map { g in
                    r.percentsOfResponses?[g].map { Self.percent($0) + "%" } ?? (r.counts[g] == nil ? "*" : "–")
                }
                row("% of responses: " + r.label, cells)
            }
        }
        var fields: [(String, KeyPath<GroupSummary, Double?>)] = [
            ("Mean", \.mean), ("SD", \.sd), ("Median", \.median), ("Quartile 1", \.q1), ("Quartile 3", \.q3),
            ("Minimum", \.min), ("Maximum", \.max),
        ]
        if question.type == "likert" { fields += [("% top 2", \.top2), ("% bottom 2", \.bottom2), ("% net", \.net)] }
        for (name, path) in fields where question.summary.contains(where: { $0[keyPath: path] != nil }) {
            let cells = question.summary.map { s in
                s[keyPath: path].map { name.hasPrefix("%") ? Self.percent($0) + "%" : Self.statistic($0) }
                    ?? (s.n == nil ? "*" : "–")
            }
            row(name, cells)
        }
        if question.rows.contains(where: { $0.intervals.contains { $0 != nil } }) {
            let level = Self.percent(method.level * 100).replacingOccurrences(of: ".0", with: "")
            for r in question.rows {
                let cells = groups.indices.map { g in
                    r.intervals[g].map { Self.percent($0.lower) + "–" + Self.percent($0.upper) + "%" } ?? "–"
                }
                row("\(level)% interval: " + r.label, cells, "interval")
            }
        }
        html += "</tbody>\n</table>\n"
        if question.rows.contains(where: { $0.counts.contains(nil) })
            || question.missing.contains(where: { $0.counts.contains(nil) })
        {
            html +=
                "<p class=\"footnote\">* Counts under \(method.minCell) are suppressed, with others they could be "
                + "worked out from.</p>\n"
        }
        return html
    }

    /// How the findings are chosen, for the method notes.
    static let findingsNote =
        "Findings: a difference is called significant when its question's own test has p < 0.05 (not adjusted "
        + "across questions); with three or more groups, the two groups named are a pair whose adjusted test is "
        + "also significant. Effect sizes are given as their size, whichever group is higher."

    static let reportStyle = """
        :root{--ink:#1b1b1b;--muted:#555;--rule:#ccc}
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);\
        max-width:52rem;margin:0 auto;padding:1.5rem}
        h1{font-size:1.9rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.6rem 0 .4rem}h3{font-size:1rem}
        .cover{border-bottom:3px solid var(--ink);padding-bottom:1rem;margin-bottom:1rem}
        .subtitle{font-size:1.1rem;color:var(--muted);margin:.2rem 0 1rem}
        .facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
        .facts dt{font-weight:600}.facts dd{margin:0}
        .findings li{margin:.3rem 0}.findings a{color:inherit}
        .question{border-top:1px solid var(--rule);padding-top:.4rem}
        .meta{color:var(--muted);font-size:.85rem;margin:.1rem 0 .5rem}
        .finding{font-weight:600}
        figure{margin:.6rem 0}svg.chart{max-width:100%;height:auto;font-size:11px;font-family:inherit}
        svg .tick,svg .legend,svg .value{font-size:10px;fill:#333}svg .grid{stroke:#e4e4e4}
        table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0;width:100%}
        caption{text-align:left;font-weight:600;padding:.2rem 0}
        th,td{border-bottom:1px solid #e3e3e3;padding:.2rem .45rem;text-align:right}
        th[scope=row]{text-align:left;font-weight:normal}thead th{border-bottom:2px solid var(--ink)}
        tr.base th,tr.base td{font-weight:600}tr.missing th,tr.missing td{color:var(--muted)}
        .test,.note,.footnote,.tests{font-size:.85rem;color:var(--muted)}
        .pairs-heading{font-size:.85rem;color:var(--muted);margin:.4rem 0 0}.pairs{font-size:.8rem;color:var(--muted)}
        tr.interval th,tr.interval td{color:var(--muted);font-size:.8rem}
        .method li{margin:.25rem 0}
        @media print{@page{size:A4;margin:16mm}body{max-width:none;padding:0;font-size:10.5pt}
        .question,figure,table{break-inside:avoid}h2{break-after:avoid}
        a{color:inherit;text-decoration:none}}
        """
}

extension Comparison {
    /// The report as Markdown, each chart an SVG file in `chartFolder` (a path relative to the Markdown file).
    public func markdownReport(chartFolder: String) -> (text: String, charts: [(name: String, svg: String)]) {
        let m = TextLayoutEscape.markdown
        var lines = ["# " + m(formTitle), ""]
        lines.append(
            m(by == nil ? "Summary of the responses." : "Grouped by the answer to \"\(byLabel ?? by ?? "")\"."))
        lines.append("")
        lines.append("- Form: " + m("\(form), version \(formVersion)"))
        lines.append("- Responses: \(Self.cell(responses))")
        if unit != "response" { lines.append("- Rows analysed: \(Self.cell(rows)) " + m(unit) + " entries") }
        if let collected { lines.append("- Collected: \(Self.day(collected.first)) to \(Self.day(collected.last))") }
        if by != nil {
            lines.append(
                "- Groups: " + m(groups.map { "\($0.label) (n = \(Self.cell($0.n)))" }.joined(separator: "; ")))
        }
        let findings = questions.compactMap { finding(for: $0) }
        if !findings.isEmpty {
            lines += ["", "## Findings", ""] + findings.map { "- " + m($0) }
        }
        var charts: [(name: String, svg: String)] = []
        let layout = rendered(as: .markdown).components(separatedBy: "\n")
        // The question blocks of the Markdown table layout, each with its chart and finding first.
        var blocks: [String: [String]] = [:]
        var current: String?
        for line in layout {
            if line.hasPrefix("## ") {
                current = questions.first { line.hasPrefix("## " + Self.markdownText("\($0.id) (")) }?.id
                if line == "## Method" { current = nil }
            }
            if let current { blocks[current, default: []].append(line) }
        }
        for question in questions where !question.isUnanswered {
            var block = blocks[question.id] ?? []
            guard !block.isEmpty else { continue }
            block[0] = "## " + m(question.label)
            var extra = ["", "`\(question.id)` · \(question.type)"]
            if let finding = finding(for: question) { extra += ["", "**" + m(finding) + "**"] }
            if let svg = Chart.svg(question, in: self) {
                let name = Self.anchor(question.id) + ".svg"
                charts.append((name, svg))
                extra += ["", "![" + m(question.label) + "](\(chartFolder)/\(name))", ""]
            }
            lines += [""] + [block[0]] + extra + Array(block.dropFirst())
        }
        let unanswered = questions.filter(\.isUnanswered)
        if !unanswered.isEmpty {
            lines += ["", "## Questions nobody answered", ""]
            lines.append(unanswered.map { m($0.label) + " (`\($0.id)`)" }.joined(separator: "; "))
        }
        lines += ["", "## Method", ""] + (methodNotes + [Self.findingsNote]).map { "- " + m($0) }
        if !notes.isEmpty { lines += ["", "### About the responses", ""] + notes.map { "- " + m($0) } }
        return (lines.joined(separator: "\n") + "\n", charts)
    }
}

/// Markdown escaping for the report (the same as the Markdown tables').
enum TextLayoutEscape {
    static func markdown(_ text: String) -> String { Comparison.markdownText(text) }
}

extension QuestionComparison {
    /// Whether no group gave any answer, valid or missing (every row of every group unanswered).
    var isUnanswered: Bool {
        base == 0 && rows.allSatisfy { $0.counts.allSatisfy { $0 == 0 } }
            && missing.allSatisfy { $0.value == "unanswered" || $0.counts.allSatisfy { $0 == 0 } }
    }
}
