import CanvassForms
import CanvassTesting
import Crypto
import Foundation
import Testing

@testable import CanvassCollector
@testable import CanvassCommands

/// `canvass summary` and `canvass compare` end to end: every kind of input, the JSON contract, the formats, and
/// the mistakes an analyst makes.
@Suite("canvass summary and compare")
struct CompareCommandTests {
    static let form = repositoryRoot + "/Forms/barriers-to-entry.yaml"
    static let questions = "lots_deliverable,bid_staff_days,cash_flow_risk,in_consortium,bids_last_12m"

    static func compareArguments(_ inputs: [String], extra: [String] = []) -> [String] {
        ["compare", form] + inputs + ["--by", "org_size", "--questions", questions, "--format", "json"] + extra
    }

    static func json(_ run: CommandRun) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(run.output.prefix(300))")
    }

    /// The same comparison as canonical text, for comparing two runs.
    static func canonical(_ run: CommandRun) throws -> String {
        try JSONValue(parsing: run.output).canonicalText
    }

    @Test("compare --format json writes DESIGN.md's contract, with counts that add up")
    func jsonContract() async throws {
        try await withTemporaryFolder { folder in
            let file = writeFixture(DemoSamples.barriersResponses(count: 300), named: "sample.jsonl", in: folder)
            let run = await runCanvass(Self.compareArguments([file]))
            #expect(run.status == 0, "\(run.errorOutput)")
            let json = try Self.json(run)
            #expect(json["form"] as? String == "barriers-to-entry")
            #expect(json["by"] as? String == "org_size")
            #expect(json["responses"] as? Int == 300)
            let groups = try #require(json["groups"] as? [[String: Any]])
            #expect(groups.map { $0["value"] as? String } == ["micro", "small", "medium", "large", "major"])
            #expect(groups.allSatisfy { $0["label"] is String && $0["n"] is Int })
            let method = try #require(json["method"] as? [String: Any])
            #expect(method["ci"] as? String == "wilson")
            #expect(method["level"] as? Double == 0.95)
            #expect(method["quantiles"] as? String == "type7")
            #expect(method["adjust"] as? String == "holm")
            #expect(method["minCell"] as? Int == 0)
            let questions = try #require(json["questions"] as? [[String: Any]])
            #expect(questions.map { $0["id"] as? String } == Self.questions.split(separator: ",").map(String.init))
            let byID = Dictionary(uniqueKeysWithValues: questions.map { ($0["id"] as? String ?? "", $0) })

            let lots = try #require(byID["lots_deliverable"])
            #expect(lots["type"] as? String == "select_one")
            let rows = try #require(lots["rows"] as? [[String: Any]])
            #expect(rows.map { $0["value"] as? String } == ["all", "most", "some", "none_of_them"])
            let counts = rows.map { $0["counts"] as? [Int] ?? [] }
            let bases = try #require(lots["bases"] as? [Int])
            #expect(bases == (0..<5).map { g in counts.reduce(0) { $0 + $1[g] } })
            #expect(lots["base"] as? Int == bases.reduce(0, +))
            let missing = try #require(lots["missing"] as? [String: Int])
            #expect(Set(missing.keys) == ["not_looked", "dont_know", "unanswered"])
            // Every row of a group is in the base or counted as missing: the group's n.
            for (g, group) in groups.enumerated() {
                let byGroup = try #require(lots["missingByGroup"] as? [String: [Int]])
                #expect(bases[g] + byGroup.values.reduce(0) { $0 + $1[g] } == group["n"] as? Int)
            }
            let percents = try #require(rows[1]["percents"] as? [Double])
            #expect(abs(percents[0] - 100 * Double(counts[1][0]) / Double(bases[0])) < 1e-9)
            let test = try #require(lots["test"] as? [String: Any])
            #expect(test["name"] as? String == "chi_square")
            #expect(test["df"] as? Int == 12)
            #expect((test["p"] as? Double).map { $0 >= 0 && $0 <= 1 } == true)
            #expect((lots["effect"] as? [String: Any])?["name"] as? String == "cramers_v")
            let pairs = try #require(lots["pairwise"] as? [[String: Any]])
            #expect(pairs.count == 10)
            #expect(pairs.allSatisfy { (($0["test"] as? [String: Any])?["pAdjusted"] as? Double) != nil })

            let risk = try #require(byID["cash_flow_risk"])
            #expect((risk["test"] as? [String: Any])?["name"] as? String == "kruskal_wallis")
            #expect((risk["effect"] as? [String: Any])?["name"] as? String == "epsilon_squared")
            let summary = try #require(risk["summary"] as? [[String: Any]])
            #expect(summary.count == 5)
            for key in ["group", "n", "mean", "sd", "median", "q1", "q3"] { #expect(summary[0][key] != nil, "\(key)") }
            let riskPairs = try #require(risk["pairwise"] as? [[String: Any]])
            #expect((riskPairs[0]["test"] as? [String: Any])?["name"] as? String == "mann_whitney_u")
            #expect((riskPairs[0]["effect"] as? [String: Any])?["name"] as? String == "rank_biserial")

            let days = try #require(byID["bid_staff_days"])
            #expect((days["test"] as? [String: Any])?["name"] as? String == "welch_anova")
            #expect(
                (days["pairwise"] as? [[String: Any]])?.first.flatMap {
                    ($0["test"] as? [String: Any])?["name"] as? String
                } == "welch_t")
        }
    }

    @Test("Two groups: Mann–Whitney, Welch's t, Cohen's d; groups in the order given")
    func twoGroups() async throws {
        try await withTemporaryFolder { folder in
            let file = writeFixture(DemoSamples.barriersResponses(count: 300), named: "sample.jsonl", in: folder)
            let run = await runCanvass(Self.compareArguments([file], extra: ["--groups", "large,micro"]))
            #expect(run.status == 0, "\(run.errorOutput)")
            let json = try Self.json(run)
            #expect((json["groups"] as? [[String: Any]])?.map { $0["value"] as? String } == ["large", "micro"])
            let questions = try #require(json["questions"] as? [[String: Any]])
            let names = questions.map { (($0["test"] as? [String: Any])?["name"] as? String) ?? "" }
            #expect(names == ["chi_square", "welch_t", "mann_whitney_u", "chi_square", "welch_t"])
            #expect(questions.allSatisfy { ($0["pairwise"] as? [Any]) == nil })
            #expect((questions[1]["effect"] as? [String: Any])?["name"] as? String == "cohens_d")
        }
    }

    @Test("A folder of response files, a JSON Lines file, a data folder and a collector URL give the same comparison")
    func everyInput() async throws {
        try await withTemporaryFolder { folder in
            let text = DemoSamples.barriersResponses(count: 120)
            let file = writeFixture(text, named: "sample.jsonl", in: folder)
            let single = folder + "/single"
            try FileManager.default.createDirectory(atPath: single + "/sent", withIntermediateDirectories: true)
            var submissions: [Submission] = []
            for (index, line) in text.split(separator: "\n").enumerated() {
                try String(line).write(toFile: single + "/sent/\(index).json", atomically: true, encoding: .utf8)
                // Receipts beside sent responses are not responses.
                try "{}".write(toFile: single + "/sent/\(index).receipt.json", atomically: true, encoding: .utf8)
                let body = Array(line.utf8)
                submissions.append(
                    Submission(
                        id: String(format: "demo-%05d", index), form: "barriers-to-entry", formVersion: "2026.1",
                        organisation: "Org \(index)", tokenId: "t", deprecates: nil, body: body,
                        sha256: SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()))
            }
            let data = folder + "/data"
            let store = try CollectorStore(folder: data)
            let forms = try [Self.form].map { path in try #require(FormLoader.load(path: path).form) }
            try store.saveForms(forms)
            _ = try await store.commit(submissions)
            try store.close()

            let fromJSONL = await runCanvass(Self.compareArguments([file]))
            let fromFiles = await runCanvass(Self.compareArguments([single]))
            let fromStore = await runCanvass(Self.compareArguments([data]))
            for run in [fromJSONL, fromFiles, fromStore] { #expect(run.status == 0, "\(run.errorOutput)") }
            let expected = try Self.canonical(fromJSONL)
            #expect(try Self.json(fromJSONL)["responses"] as? Int == 120)
            #expect(try Self.canonical(fromFiles) == expected)
            #expect(try Self.canonical(fromStore) == expected)

            let (token, made) = await makeCollectorToken(
                data: data, role: "analyst", organisation: nil, forms: ["barriers-to-entry"])
            let analyst = try #require(token, "\(made.errorOutput)")
            let collector = try await CollectorProcess.start(data: data, outputPath: folder + "/serve.txt")
            // Pages of 50: three reads, the last one short.
            let fromURL = await runCanvass(
                Self.compareArguments([collector.url.absoluteString], extra: ["--token", analyst, "--page-size", "50"]))
            let noToken = await runCanvass(Self.compareArguments([collector.url.absoluteString]))
            let wrongToken = await runCanvass(
                Self.compareArguments([collector.url.absoluteString], extra: ["--token", "canvass_1_2"]))
            _ = await collector.stop()
            #expect(fromURL.status == 0, "\(fromURL.errorOutput)")
            #expect(try Self.canonical(fromURL) == expected)
            #expect(noToken.status == 1)
            #expect(noToken.errorOutput.contains("--token or set CANVASS_TOKEN"))
            #expect(wrongToken.status == 1)
            #expect(wrongToken.errorOutput.contains("answered 401"))
        }
    }

    @Test("A malformed line stops with its file and line; mistakes in the options are explained")
    func mistakes() async throws {
        await withTemporaryFolder { folder in
            var lines = DemoSamples.barriersResponses(count: 20).split(separator: "\n").map(String.init)
            lines[12] = "{\"form\": \"barriers-to-entry\", \"answers\": {\"org_size\": \"small\""
            let file = writeFixture(lines.joined(separator: "\n") + "\n", named: "bad.jsonl", in: folder)
            let bad = await runCanvass(Self.compareArguments([file]))
            #expect(bad.status == 1)
            #expect(bad.errorOutput.contains("bad.jsonl line 13:"), "\(bad.errorOutput)")
            #expect(!bad.errorOutput.contains("small"), "messages never echo answers")

            let good = writeFixture(DemoSamples.barriersResponses(count: 20), named: "good.jsonl", in: folder)
            let typo = await runCanvass(["compare", Self.form, good, "--by", "org_sise"])
            #expect(typo.status == 1)
            #expect(typo.errorOutput.contains("did you mean 'org_size'?"), "\(typo.errorOutput)")
            let number = await runCanvass(["compare", Self.form, good, "--by", "bids_last_12m"])
            #expect(number.status == 1)
            #expect(number.errorOutput.contains("group by a select_one, yes_no or likert question"))
            let group = await runCanvass(["compare", Self.form, good, "--by", "org_size", "--groups", "tiny,small"])
            #expect(group.status == 1)
            #expect(group.errorOutput.contains("'tiny' is not an answer to org_size"))
            let missing = await runCanvass(["compare", Self.form, folder + "/nothing.jsonl", "--by", "org_size"])
            #expect(missing.status == 1)
            #expect(missing.errorOutput.contains("does not exist"))
            let question = await runCanvass(["summary", Self.form, good, "--questions", "lots"])
            #expect(question.status == 1)
            #expect(question.errorOutput.contains("has no question 'lots'"))
        }
    }

    @Test("--min-cell: no count from 1 to N − 1 is shown, and no column has exactly one hidden count")
    func minCell() async throws {
        try await withTemporaryFolder { folder in
            let file = writeFixture(DemoSamples.barriersResponses(count: 200), named: "sample.jsonl", in: folder)
            let run = await runCanvass(Self.compareArguments([file], extra: ["--min-cell", "10"]))
            #expect(run.status == 0, "\(run.errorOutput)")
            let json = try Self.json(run)
            #expect((json["method"] as? [String: Any])?["minCell"] as? Int == 10)
            var hidden = 0
            for question in try #require(json["questions"] as? [[String: Any]]) {
                let rows = question["rows"] as? [[String: Any]] ?? []
                let counts = rows.map { $0["counts"] as? [Any] ?? [] }
                let missing = (question["missingByGroup"] as? [String: [Any]] ?? [:]).values
                let bases = question["bases"] as? [Any] ?? []
                for column in bases.indices {
                    let cells = counts.map { $0[column] } + [bases[column]] + missing.map { $0[column] }
                    for case let count as Int in cells { #expect(count == 0 || count >= 10) }
                    let nulls = cells.filter { $0 is NSNull }.count
                    hidden += nulls
                    #expect(nulls != 1, "\(question["id"] ?? "") column \(column)")
                }
                for row in rows {
                    let shown = (row["counts"] as? [Any] ?? []).map { !($0 is NSNull) }
                    let percents = (row["percents"] as? [Any] ?? []).map { !($0 is NSNull) }
                    #expect(zip(shown, percents).allSatisfy { $0 || !$1 }, "a percent of a hidden count")
                }
                #expect(question["missing"].map { ($0 as? [String: Any])?.values.allSatisfy { $0 is NSNull } } == true)
            }
            #expect(hidden > 0)
            let table = await runCanvass(
                Self.compareArguments([file], extra: ["--min-cell", "10", "--format", "table"]))
            #expect(
                table.output.contains("* counts under 10, and others they could be worked out from, are suppressed"))
        }
    }

    @Test("summary: every format; text answers only with --show-text; an 80-column table")
    func summaryFormats() async throws {
        try await withTemporaryFolder { folder in
            let response = """
                {"answers":{"org_size":"small","not_bid_other":"Our secret plan","cash_flow_risk":2},"canvass":1,\
                "createdAt":"2026-11-28T10:00:00Z","form":"barriers-to-entry","formVersion":"2026.1","id":"a"}
                """
            let file = writeFixture(response, named: "one.json", in: folder)
            let table = await runCanvass(["summary", Self.form, file, "--format", "table"])
            #expect(table.status == 0, "\(table.errorOutput)")
            #expect(table.output.contains("not_bid_other (text)"))
            #expect(!table.output.contains("Our secret plan"))
            #expect(table.output.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(table.output)")
            let shown = await runCanvass(["summary", Self.form, file, "--format", "markdown", "--show-text"])
            #expect(shown.output.contains("- Our secret plan"))
            #expect(shown.output.contains("## Method"))
            let csv = await runCanvass(["summary", Self.form, file, "--format", "csv", "--questions", "org_size"])
            #expect(csv.output.hasPrefix("question,type,kind,value,group,count,percent,ci_lower,ci_upper"))
            #expect(csv.output.contains("org_size,select_one,count,small,all,1,100.0,"))
            #expect(!csv.output.contains("\r\n\n") && csv.output.hasSuffix("\r\n"))
            let written = await runCanvass(["summary", Self.form, file, "-o", folder + "/summary.json"])
            #expect(written.status == 0)
            let saved = try String(contentsOfFile: folder + "/summary.json", encoding: .utf8)
            #expect(saved.hasPrefix("{"))
            let json = try Self.json(await runCanvass(["summary", Self.form, file, "--format", "json"]))
            #expect(json["by"] is NSNull)
            #expect((json["groups"] as? [[String: Any]])?.first?["value"] as? String == "all")
        }
    }
}
