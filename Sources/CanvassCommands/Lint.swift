import ArgumentParser
import CanvassForms
import Foundation

/// `canvass lint FORM…`: checks forms and reports every problem with its line and column.
struct Lint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check forms for mistakes.",
        discussion: """
            Prints each problem as path:line:column: error|warning: message. Exits 0 when there are no errors \
            (or, with --strict, no warnings either) and 1 otherwise.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Form files, or folders of them.")
    var forms: [String]

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() async throws {
        let console = Console.current
        let files = try FormFiles.expand(forms)
        var reports: [(path: String, text: String?, result: FormLoadResult)] = []
        for file in files {
            let text = FileManager.default.contents(atPath: file).flatMap { String(data: $0, encoding: .utf8) }
            let result = text.map { FormLoader.load(text: $0, path: file) } ?? FormLoader.load(path: file)
            reports.append((file, text, result))
        }
        let diagnostics = reports.flatMap(\.result.diagnostics)
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors

        switch format {
        case .text:
            for report in reports {
                let lines = report.text?.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) ?? []
                for diagnostic in report.result.diagnostics {
                    console.line(diagnostic.description)
                    if let location = diagnostic.location, location.line <= lines.count {
                        console.line(Self.snippet(String(lines[location.line - 1]), column: location.column))
                    }
                }
            }
            let noun = files.count == 1 ? "form" : "forms"
            if diagnostics.isEmpty {
                console.line("\(files.count) \(noun) checked: no problems.")
            } else {
                console.line(
                    "\(files.count) \(noun) checked: \(Self.count(errors, "error")), \(Self.count(warnings, "warning"))."
                )
            }
        case .json:
            console.line(Self.json(reports: reports, diagnostics: diagnostics).prettyText)
        }
        if errors > 0 || (strict && warnings > 0) { throw ExitCode(1) }
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// The offending line with a caret under the column, as compilers show it; a long line is cut to a window
    /// around the column (a one-line JSON form would otherwise print kilobytes per problem).
    static func snippet(_ line: String, column: Int) -> String {
        let scalars = Array(line.unicodeScalars)
        let target = min(max(column - 1, 0), scalars.count)
        let start = max(0, min(target - 40, scalars.count - 100))
        let end = min(scalars.count, start + 100)
        var shown = String(String.UnicodeScalarView(scalars[start..<end]))
        var lead = scalars[start..<target].map { $0 == "\t" ? "\t" : " " }.joined()
        if start > 0 {
            shown = "…" + shown
            lead = " " + lead
        }
        if end < scalars.count { shown += "…" }
        return "    " + shown + "\n    " + lead + "^"
    }

    static func json(reports: [(path: String, text: String?, result: FormLoadResult)], diagnostics: [Diagnostic])
        -> JSONValue
    {
        let forms: [JSONValue] = reports.map { report in
            var members: [String: JSONValue] = [
                "path": .string(report.path),
                "errors": .number(Double(report.result.diagnostics.filter { $0.severity == .error }.count)),
                "warnings": .number(Double(report.result.diagnostics.filter { $0.severity == .warning }.count)),
            ]
            if let form = report.result.form {
                members["form"] = .string(form.id)
                members["version"] = .string(form.version)
            }
            return .object(members)
        }
        let items: [JSONValue] = diagnostics.map { diagnostic in
            var members: [String: JSONValue] = [
                "path": .string(diagnostic.path),
                "severity": .string(diagnostic.severity.rawValue),
                "message": .string(diagnostic.message),
            ]
            if let location = diagnostic.location {
                members["line"] = .number(Double(location.line))
                members["column"] = .number(Double(location.column))
            }
            return .object(members)
        }
        return .object(["forms": .array(forms), "diagnostics": .array(items)])
    }
}
