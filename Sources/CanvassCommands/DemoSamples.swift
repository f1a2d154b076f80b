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
