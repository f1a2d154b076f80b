import CanvassCommands
import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import Foundation
import Testing

/// Each shipped form's own answer template, as `canvass render --format template` writes it, filled in the way a
/// provider would (a value after some of the colons, the rest left empty) and finalised through the CLI.
@Suite struct TemplateRoundTripTests {
    static let answers: [String: [String: String]] = [
        "barriers-to-entry": [
            "org_size": "small", "paid_staff": "6", "directorates": "[children, communities]",
            "not_bid_reasons": "[lot_too_large, deadline]", "tenders_not_bid": "3", "bid_staff_days": "12.5",
        ],
        "qa-regime": ["org_size": "medium", "main_directorate": "children"],
        "tupe-timing": [
            "org_size": "micro", "any_tenders": "yes", "directorate": "communities", "tupe_applied": "yes",
            "tupe_info_timing": "after_award", "tupe_effects": "[renegotiation, unbudgeted_cost]",
            "unbudgeted_cost": "12,000",
        ],
        "written-evidence": [
            "org_name": "\"Riverside: Family Mediation\"", "contact_name": "A. Provider",
            "contact_email": "a.provider@example.org", "consent_publish": "publish_full", "oral_evidence": "no",
        ],
    ]

    /// The template with `values` written after the matching keys (capacity keeps its default).
    static func fill(_ template: String, with values: [String: String]) -> String {
        template.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasSuffix(":"), !trimmed.hasPrefix("#") else { return String(line) }
            let key = String(trimmed.dropLast())
            guard let value = values[key] else { return String(line) }
            return String(line) + " " + value
        }.joined(separator: "\n")
    }

    @Test(arguments: answers.keys.sorted())
    func aFilledTemplateOfEachShippedFormFinalises(_ name: String) async throws {
        try await withTemporaryFolder { folder in
            let form = "\(repositoryRoot)/Forms/\(name).yaml"
            let template = await runCanvass(["render", form, "--format", "template"])
            try #require(template.status == 0)
            let filled = writeFixture(
                Self.fill(template.output, with: Self.answers[name] ?? [:]), named: "answers.yaml", in: folder)
            let run = await runCanvass(["finalize", form, filled, "--outbox", folder + "/Outbox"])
            #expect(run.status == 0, "\(run.errorOutput)")
            let id = try #require(run.output.split(separator: "\n").last.map(String.init))
            let response = try Outbox(root: folder + "/Outbox").response(id, in: .ready)
            #expect(response.form == name)
            for (key, value) in Self.answers[name] ?? [:] where value.allSatisfy({ $0.isLetter || $0 == "_" }) {
                let stored =
                    response.answers[key]
                    ?? response.answers["tenders"].flatMap { tenders -> JSONValue? in
                        if case .array(let items) = tenders { return items.first?.object?[key] }
                        return nil
                    }
                #expect(stored != nil, "\(key) was kept")
            }
        }
    }
}
