public import CanvassForms

/// Small forms shared by the test targets.
public enum Fixtures {
    /// A form with a yes/no gate, a select_one, a select_multiple with an exclusive option, a likert scale,
    /// a matrix and a repeat section: enough to exercise every renderer branch that takes choices.
    public static let tenderForm = """
        form: tender-check
        version: "2026.1"
        title: Tender check
        description: |
          A short form used in tests.
        languages: [en]
        choices:
          size:
            - small: Small
            - large: Large
            - {value: dont_know, label: "Don't know", missing: true}
          reasons:
            - lot_size: Lots too large
            - timescale: Not enough time
            - {value: none, label: None of these, exclusive: true}
          agree:
            - disagree: Disagree
            - neutral: Neither
            - agree: Agree
            - {value: dont_know, label: "Don't know", missing: true}
        sections:
          - id: about
            title: About you
            questions:
              - id: org_size
                type: select_one
                choices: size
                label: How large is your organisation?
                required: true
              - id: bid
                type: yes_no
                label: Did you bid?
              - id: bid_days
                type: decimal
                label: How many staff-days did the bid take?
                relevant: "${bid}"
                constraint: ". >= 0 and . <= 365"
                constraint_message: Enter a number of days between 0 and 365.
              - id: reasons
                type: select_multiple
                choices: reasons
                label: Why did you not bid?
                relevant: "not(${bid})"
              - id: fair
                type: likert
                choices: agree
                label: The process was fair.
              - id: views
                type: matrix
                choices: agree
                label: How far do you agree?
                items:
                  - clear: The specification was clear
                  - timely: TUPE information came in time
          - id: tenders
            title: Tenders
            relevant: "${org_size} = 'small'"
            repeat: {min: 0, max: 5, noun: tender}
            questions:
              - id: directorate
                type: text
                label: Which directorate ran it?
        """

    /// Loads `tenderForm`; tests that call this fail loudly if it ever stops loading.
    public static func loadTenderForm() throws -> Form {
        try Form.load(text: tenderForm, path: "tender-check.yaml")
    }
}
