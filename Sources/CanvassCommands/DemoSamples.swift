import Foundation

/// The sample answers `canvass demo` uses: what three providers might say, and one file with mistakes.
enum DemoSamples {
    /// Lines typed into `canvass fill Forms/tupe-timing.yaml`, one per question, with two tenders.
    static let tupeTimingLines = [
        "2", "yes",
        "yes", "Youth services, Maidstone lot", "2025-06-30", "4", "2", "yes", "3", "1,3", "18000",
        "yes", "Adult day services", "2025-02-14", "3", "1", "yes", "1", "6",
        "no", "1", "2", "We need TUPE information before we decide whether to bid.",
        "finish",
    ]

    /// A filled-in answer template for `barriers-to-entry`.
    static let barriersToEntry = """
        org_size: small
        paid_staff: 6
        legal_form: cio
        directorates: [children, communities]
        council_income_pct: 70
        lots_deliverable: some
        lot_preference: small_lots
        bid_staff_days: 12
        bid_team: [manager_does_it]
        not_bid_reasons: [lot_too_large, deadline]
        tenders_not_bid: 3
        tenders_at_once: sometimes
        at_once_response: bid_some
        in_consortium: yes
        consortium_setup_months: 18
        framework_status: member
        framework_guidance_clear: 2
        framework_application_days: 6
        criteria_changed: changed
        criteria_change_effect: 2
        criteria_change_detail: "The pass mark fell while we were applying, so far more providers joined."
        cash_flow_risk: 4
        other_comments: |
          Lots covering half the county are beyond a charity of our size.
          Smaller, local lots would let us bid on our own.

        """

    /// A filled-in answer template for `written-evidence`, with `submission.pdf` attached.
    static let writtenEvidence = """
        capacity: organisation
        org_name: Riverside Family Mediation
        org_size: medium
        contact_name: A. Provider
        role: Chief executive
        contact_email: chief.executive@riverside.example.org
        ev_barriers: Tenders released three at a time meant choosing which one to do well.
        ev_tender_information: TUPE details arrived only after award on one contract.
        ev_relationships: Three commissioning managers in six months made the relationship hard to build.
        ev_quality: Monitoring counts sessions delivered; we would rather report what changed for families.
        consent_publish: publish_full
        oral_evidence: yes

        """

    /// A tiny PDF to attach as written evidence.
    static let submissionPDF = """
        %PDF-1.4
        % Canvass demo submission
        1 0 obj << /Type /Catalog >> endobj
        trailer << /Root 1 0 R >>
        %%EOF

        """

    /// An answers file with three mistakes, to show located errors.
    static let mistakes = """
        org_size: tiny
        any_tenders: maybe
        tenders:
          - directorate: children
            unbudgeted_cost: lots

        """
}

extension DemoSamples {
    /// `count` seeded responses to barriers-to-entry, as JSON Lines, in which smaller organisations find lots
    /// too large and bids costly more often than larger ones (so the demo's comparison has something to show).
    static func barriersResponses(count: Int, seed: UInt64 = 2026) -> String {
        var state = seed
        func next() -> Double {
            // SplitMix64.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        func pick<T>(_ items: [T]) -> T { items[min(items.count - 1, Int(next() * Double(items.count)))] }
        let sizes = ["micro", "small", "medium", "large", "major"]
        var lines: [String] = []
        for index in 0..<count {
            let size = next() < 0.03 ? "prefer_not_to_say" : pick(sizes)
            let rank = Double(sizes.firstIndex(of: size) ?? 2)
            let lots = ["all", "most", "some", "none_of_them"]
            let lotIndex = min(3, max(0, Int((3.4 - rank * 0.7) * next() + next() * 1.2)))
            let bids = Int(next() * (2 + rank * 4))
            var answers = [
                "\"org_size\":\"\(size)\"", "\"lots_deliverable\":\"\(next() < 0.05 ? "dont_know" : lots[lotIndex])\"",
                "\"bids_last_12m\":\(bids)", "\"in_consortium\":\(next() < 0.15 + rank * 0.08)",
                "\"cash_flow_risk\":\(next() < 0.04 ? "\"dont_know\"" : String(max(1, min(5, Int(5.5 - rank * 0.8 - next() * 2.5)))))",
            ]
            if bids > 0 {
                answers.append("\"bid_staff_days\":\((Double(Int((2 + next() * (12 - rank * 1.8)) * 2)) / 2))")
            }
            let id = String(format: "demo-%05d", index)
            lines.append(
                "{\"answers\":{\(answers.sorted().joined(separator: ","))},\"attachments\":[],\"canvass\":1,"
                    + "\"completedAt\":\"2026-11-20T10:00:00Z\",\"createdAt\":\"2026-11-20T09:50:00Z\","
                    + "\"deprecates\":null,\"form\":\"barriers-to-entry\",\"formVersion\":\"2026.1\",\"id\":\"\(id)\"}")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
