import ArgumentParser
import CanvassForms
import CanvassReports
import CanvassStats
import Foundation

/// `canvass report`: a report for a committee — HTML (one self-contained file) or Markdown with SVG charts.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a report of the responses: charts, tables, findings in words and method notes.",
        discussion: """
            HTML: one file with its CSS and SVG charts inside (no scripts, nothing fetched), readable on screen \
            and printed on A4. Markdown: the report with each chart as an SVG file in a folder beside it \
            (REPORT-charts/). With --by, each question is compared between the groups as `canvass compare` does; \
            without, it is summarised.
            """)

    @OptionGroup var options: AnalysisOptions

    @Option(help: "The question whose answers make the groups, or formVersion.")
    var by: String?

    @Option(help: "Only these groups, in this order (comma-separated values of --by).")
    var groups: String?

    @Option(help: "How pairwise p-values are adjusted: holm or bh.")
    var adjust = "holm"

    @Option(name: .shortAndLong, help: "The report file to write (report.html, report.md).")
    var output: String

    @Option(help: "html or markdown (if not given: markdown for a .md file, else html).")
    var format: String?

    func validate() throws {
        if let format, !["html", "markdown"].contains(format) {
            throw ValidationError("--format must be html or markdown")
        }
        guard ComparisonMethod.Adjustment(rawValue: adjust) != nil else {
            throw ValidationError("--adjust must be holm or bh")
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let comparison = try await options.comparison(
            by: by, groups: AnalysisOptions.groupList(groups),
            adjust: ComparisonMethod.Adjustment(rawValue: adjust) ?? .holm)
        let markdown = format == "markdown" || (format == nil && output.hasSuffix(".md"))
        if markdown {
            let folderName = ((output as NSString).lastPathComponent as NSString).deletingPathExtension + "-charts"
            let folder = ((output as NSString).deletingLastPathComponent as NSString).appendingPathComponent(folderName)
            let (text, charts) = comparison.markdownReport(chartFolder: folderName)
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw CommandFailure.environment("could not create \(folder): \(error.localizedDescription)")
            }
            for chart in charts {
                let sink = try Sink(path: (folder as NSString).appendingPathComponent(chart.name))
                try sink.write(chart.svg + "\n")
                try sink.close()
            }
            let sink = try Sink(path: output)
            try sink.write(text)
            try sink.close()
        } else {
            let sink = try Sink(path: output)
            try sink.write(comparison.htmlReport)
            try sink.close()
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        Console.current.line(
            "wrote \(output) (\(comparison.questions.count) questions, \(comparison.responses.map(String.init) ?? "*") "
                + "responses, \(String(format: "%.2f", seconds)) s)")
    }
}
