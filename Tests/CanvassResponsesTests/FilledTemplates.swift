// Answers files for each shipped form, filled in as a provider would fill the template that
// `canvass render --format template` writes: comments kept, a repeat block opened by a lone `-`, lists written
// both ways, block text for long answers. Each is valid on 2026-03-31.

/// `Forms/tupe-timing.yaml`, with three tenders: one where TUPE information came after award and cost money.
let filledTupeTiming = """
    # Answers to “TUPE information in council tenders” (form tupe-timing, version 2026.1)
    #
    # Write each answer after its colon and save the file. Leave an answer empty if you have none.

    # ── Section 1: About your organisation ─────────────────────────────────────

    # 1. What was your organisation's total income in its last financial year? (required)
    org_size: medium

    # 2. In the last three years, has your organisation bid for, or seriously considered bidding for,
    #    any council tender? (required)
    any_tenders: yes

    # ── Section 2: Your recent tenders ─────────────────────────────────────────
    tenders:
      -

        # 3. What was the tender called?
        tender_name: "Youth services: Maidstone lot"

        # 4. Roughly when was the closing date for bids?
        closing_date: 2025-06-30
        directorate: communities
        bid_outcome: awarded
        tupe_applied: yes
        tupe_info_timing: after_award
        tupe_effects: [unbudgeted_cost, delay]
        unbudgeted_cost: 42000
      - tender_name: Family support hubs (west)
        closing_date: 2025-11-01
        directorate: children
        bid_outcome: unsuccessful
        tupe_applied: yes
        tupe_info_timing: invitation
        tupe_effects: none
        unbudgeted_cost:
      - tender_name: Healthy lifestyles service
        closing_date: 2026-01-15
        directorate: public_health
        bid_outcome: awaiting
        tupe_applied: no
        tupe_info_timing:
        tupe_effects:

    # ── Section 3: Your views ──────────────────────────────────────────────────
    tupe_needed_by: before_interest
    directorate_consistency: 2
    tupe_comments: |
      Children's Services gave us staff lists with the invitation, which let us price properly.

      Communities sent them after award, and the pension costs alone came to more than our margin.
    """

/// `Forms/written-evidence.yaml`, from a small charity that attaches a document.
let filledWrittenEvidence = """
    # Answers to “Written evidence to the select committee on commissioning” (form written-evidence)
    capacity: organisation
    org_name: Riverside Community Trust
    org_size: small
    contact_name: Priya Shah
    role: Chief executive
    contact_email: priya.shah@riverside-trust.org.uk

    ev_barriers: |
      Lots that cover half the county are beyond any local charity. We could deliver two of the
      47 youth lots, but not the area lots that replaced them.
    ev_tender_information: >
      TUPE lists arrived a week before the deadline, with no pension details.
    ev_relationships: Our commissioner changed three times in a year.
    ev_quality:
    ev_continuity: "Six-month extensions, four times in a row: we lost two experienced youth workers."
    ev_social_value:
    ev_changes: |
      1. Publish a forward plan of tenders.
      2. Pay the first quarter in advance.
    submission_file: riverside-evidence.pdf

    consent_publish: publish_no_name
    withhold_parts: "Paragraph 4: the case study"
    oral_evidence: Yes
    """

/// `Forms/barriers-to-entry.yaml`, from an organisation in a consortium.
let filledBarriersToEntry = """
    # Answers to “Barriers to bidding for council contracts” (form barriers-to-entry, version 2026.1)
    org_size: small
    paid_staff: 14
    legal_form: cio
    directorates: [children, communities]
    council_income_pct: 45
    lots_deliverable: some
    lot_preference: small_lots
    bids_last_12m: 3
    bid_staff_days: 22.5
    bid_team: senior_staff, service_staff, trustees
    not_bid_reasons: [lot_too_large, several_at_once, other]
    not_bid_other: The council asked for two years of audited accounts in a new format.
    tenders_not_bid: 4
    tenders_at_once: sometimes
    at_once_response: bid_some
    in_consortium: yes
    consortium_setup_months: 9
    consortium_drawbacks:
    framework_status: member
    framework_guidance_clear: 2
    framework_application_days: 6.5
    criteria_changed: changed
    criteria_change_effect: 1
    criteria_change_detail: The pass mark fell from 80% to 20% after we had applied.
    cash_flow_risk: 4
    other_comments: Quarterly payment in arrears is the biggest single obstacle for us.
    """

/// `Forms/barriers-to-entry.yaml` again, from an organisation outside any consortium (the other branch).
let filledBarriersToEntryAlone = """
    org_size: micro
    paid_staff: 0
    directorates: dont_know
    bids_last_12m: 0
    not_bid_reasons: [prep_time, cash_flow]
    tenders_not_bid: 2
    tenders_at_once: never
    in_consortium: no
    consortium_drawbacks: [setup_time, liability, partners]
    framework_status: not_applied
    framework_not_applied_reasons: [paperwork, little_work]
    cash_flow_risk: 5
    """

/// `Forms/qa-regime.yaml`, from a provider with a main contract under review.
let filledQARegime = """
    # Answers to “Commissioning relationships and quality assurance” (form qa-regime, version 2026.1)
    org_size: medium
    main_directorate: communities

    monitoring_focus: 1
    outcomes_agreed: partly
    targets_conflict: yes
    commissioning_managers: 4
    had_review: yes
    last_review_date: 2025-10-14

    relationship_overall: 3
    commissioning_statements:
      vary_contract: 2
      bid_strengths: 1
      challenge: 2
      room_to_innovate: 3
      price_realistic: 1
      monitoring_faults: 4
      clear_purpose: dont_know
    feedback_received: scores_comments
    feedback_useful: 2
    process_ratings:
      market_events: 4
      clarification_stage: 2
      specification_detail: dont_know
    works_well: The youth team's market engagement events helped us form our consortium.

    contract_uncertainty: yes
    uncertainty_months: 14
    staff_at_risk: 11
    staff_left: 3

    price_weight: 40
    price_quality_view: quality_more
    qa_rank: [outcomes, user_feedback, social_value, value_for_money, compliance, outputs]
    qa_comments: >
      Monitoring counts sessions, not the difference they make.
    """

/// Every filled template, with the form it answers.
let filledTemplates: [(form: String, yaml: String)] = [
    ("tupe-timing", filledTupeTiming), ("written-evidence", filledWrittenEvidence),
    ("barriers-to-entry", filledBarriersToEntry), ("barriers-to-entry", filledBarriersToEntryAlone),
    ("qa-regime", filledQARegime),
]
