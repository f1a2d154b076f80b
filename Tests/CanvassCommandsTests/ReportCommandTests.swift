import CanvassTesting
import Foundation
import Testing

@testable import CanvassCommands

/// `canvass report`: one self-contained HTML file (the browser test in `make test` loads it in Chromium), or
/// Markdown with its charts as SVG files.
@Suite("canvass report")
struct ReportCommandTests {
    static let form = repositoryRoot + "/Forms/barriers-to-entry.yaml"

    @Test("HTML: self-contained, a section, chart and data table per answered question, findings, method notes")
    func html() async throws {
        try await withTemporaryFolder { folder in
            let file = writeFixture(DemoSamples.barriersResponses(count: 300), named: "sample.jsonl", in: folder)
            let run = await runCanvass(["report", Self.form, file, "--by", "org_size", "-o", folder + "/r.html"])
            #expect(run.status == 0, "\(run.errorOutput)")
            #expect(run.output.hasPrefix("wrote \(folder)/r.html (27 questions, 300 responses"))
            let html = try String(contentsOfFile: folder + "/r.html", encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
            // Nothing fetched, nothing run.
            #expect(!html.contains("<script"))
            #expect(!html.contains("src=") && !html.contains("<link"))
            let addresses = html.components(separatedBy: "http").count - 1
            let namespaces = html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
            #expect(addresses == namespaces)
            #expect(html.components(separatedBy: "<h1>").count == 2)
            #expect(html.contains("<dt>Responses</dt><dd>300</dd>"))
            #expect(html.contains("<dt>Collected</dt><dd>2026-11-20 to 2026-11-20</dd>"))
            // Every chart has its title, description and a data table in its section.
            let charts = html.components(separatedBy: "<svg ").dropFirst()
            #expect(charts.count >= 4)
            for chart in charts {
                #expect(chart.contains("role=\"img\"") && chart.contains("<title id=") && chart.contains("<desc id="))
            }
            for section in html.components(separatedBy: "<section class=\"question\"").dropFirst() {
                #expect(section.contains("<table>") && section.contains("<caption>"))
            }
            #expect(html.contains("<h2 id=\"findings\">Findings</h2>"))
            #expect(html.contains("(Kruskal–Wallis p &lt; 0.001, ε² = "))
            #expect(html.contains("<h2 id=\"method\">Method</h2>"))
            #expect(html.contains("Questions nobody answered"))
            #expect(html.contains("@media print{@page{size:A4"))
        }
    }

    @Test("A comparison without a significant difference says so; suppressed cells are starred with a footnote")
    func plainWords() async throws {
        try await withTemporaryFolder { folder in
            let file = writeFixture(DemoSamples.barriersResponses(count: 300), named: "sample.jsonl", in: folder)
            let run = await runCanvass([
                "report", Self.form, file, "--by", "in_consortium", "--questions", "lots_deliverable,bids_last_12m",
                "--min-cell", "5", "-o", folder + "/r.html",
            ])
            #expect(run.status == 0, "\(run.errorOutput)")
            let html = try String(contentsOfFile: folder + "/r.html", encoding: .utf8)
            let wording = ["No significant difference between the groups in", "The groups answered", "gave higher"]
            #expect(wording.contains { html.contains($0) })
            if html.contains("<td>*</td>") {
                #expect(html.contains("* Counts under 5 are suppressed, with others they could be worked out from."))
            }
        }
    }

    @Test("Labels are text, never markup: a form's labels cannot put a script into the report")
    func escaping() async throws {
        try await withTemporaryFolder { folder in
            let hostile = #"Size</title><script>alert(1)</script> & "co" <b>"#
            let form = writeFixture(
                """
                form: hostile
                version: "1"
                title: "\(hostile.replacingOccurrences(of: "\"", with: "\\\""))"
                choices:
                  size:
                    - {value: small, label: "<img src=x onerror=alert(2)>"}
                    - {value: large, label: "[link](http://example.org) *em*"}
                sections:
                  - id: main
                    questions:
                      - id: size
                        type: select_one
                        choices: size
                        label: "\(hostile.replacingOccurrences(of: "\"", with: "\\\""))"
                      - id: happy
                        type: yes_no
                        label: Happy?
                """, named: "hostile.yaml", in: folder)
            var lines: [String] = []
            for i in 0..<40 {
                lines.append(
                    #"{"answers":{"size":"\#(i % 2 == 0 ? "small" : "large")","happy":\#(i % 3 == 0)},"form":"hostile","formVersion":"1","id":"r\#(i)","createdAt":"2026-11-01T10:00:00Z"}"#
                )
            }
            let file = writeFixture(lines.joined(separator: "\n"), named: "r.jsonl", in: folder)
            let html = await runCanvass(["report", form, file, "--by", "size", "-o", folder + "/r.html"])
            #expect(html.status == 0, "\(html.errorOutput)")
            let page = try String(contentsOfFile: folder + "/r.html", encoding: .utf8)
            #expect(!page.contains("<script") && !page.contains("<img") && !page.contains("<b>"))
            #expect(page.contains("Size&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"))
            let markdown = await runCanvass(["report", form, file, "--by", "size", "-o", folder + "/r.md"])
            #expect(markdown.status == 0, "\(markdown.errorOutput)")
            let text = try String(contentsOfFile: folder + "/r.md", encoding: .utf8)
            // Every < and [ of a label is escaped (the SVG files are not Markdown).
            let characters = Array(text)
            for (index, character) in characters.enumerated() where character == "<" || character == "[" {
                let escaped = index > 0 && characters[index - 1] == "\\"
                let image = character == "[" && index > 0 && characters[index - 1] == "!"
                #expect(escaped || image, "unescaped \(character) at \(index)")
            }
            #expect(text.contains("\\<script\\>") && text.contains("\\[link\\]"))
        }
    }

    @Test("Skewed numbers are drawn on a logarithmic axis, others on a linear one")
    func logarithmicAxis() async throws {
        try await withTemporaryFolder { folder in
            var lines: [String] = []
            for i in 0..<60 {
                let (size, staff, days) = i % 2 == 0 ? ("micro", i % 4, 2 + i % 5) : ("major", 500 + i * 70, 3 + i % 7)
                lines.append(
                    #"{"answers":{"org_size":"\#(size)","paid_staff":\#(staff),"bid_staff_days":\#(days),"bids_last_12m":2},"#
                        + #""form":"barriers-to-entry","formVersion":"2026.1","id":"s\#(i)","createdAt":"2026-11-01T10:00:00Z"}"#
                )
            }
            let file = writeFixture(lines.joined(separator: "\n"), named: "skewed.jsonl", in: folder)
            let run = await runCanvass([
                "report", Self.form, file, "--by", "org_size", "--questions", "paid_staff,bid_staff_days", "-o",
                folder + "/r.html",
            ])
            #expect(run.status == 0, "\(run.errorOutput)")
            let html = try String(contentsOfFile: folder + "/r.html", encoding: .utf8)
            let staff = try #require(html.components(separatedBy: "<desc id=\"chart-desc-paid_staff\">").last)
            #expect(
                staff.hasPrefix(
                    "Box plots: quartiles as a box, median as a line, whiskers to the minimum and maximum, mean as a dot, on a logarithmic axis."
                ))
            let days = try #require(html.components(separatedBy: "<desc id=\"chart-desc-bid_staff_days\">").last)
            #expect(
                days.hasPrefix(
                    "Box plots: quartiles as a box, median as a line, whiskers to the minimum and maximum, mean as a dot. "
                ))
        }
    }

    @Test("Markdown: the report with each chart as an SVG file beside it")
    func markdown() async throws {
        try await withTemporaryFolder { folder in
            let file = writeFixture(DemoSamples.barriersResponses(count: 200), named: "sample.jsonl", in: folder)
            let run = await runCanvass(["report", Self.form, file, "--by", "org_size", "-o", folder + "/r.md"])
            #expect(run.status == 0, "\(run.errorOutput)")
            let text = try String(contentsOfFile: folder + "/r.md", encoding: .utf8)
            #expect(text.hasPrefix("# Barriers to bidding for council contracts\n"))
            let charts = try FileManager.default.contentsOfDirectory(atPath: folder + "/r-charts").sorted()
            #expect(charts.contains("q-cash_flow_risk.svg"))
            for chart in charts {
                #expect(text.contains("(r-charts/\(chart))"))
                let svg = try String(contentsOfFile: folder + "/r-charts/" + chart, encoding: .utf8)
                #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            }
            #expect(text.contains("## Method"))
        }
    }
}
