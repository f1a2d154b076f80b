import CanvassForms
import CanvassResponses
import CanvassTesting
import Testing

/// Every problem with an answers file, as `canvass finalize` would list it: `line:column: place: message`
/// (`-` when the problem has no place in the file), the file's own problems first.
func locatedProblems(_ yaml: String, form: Form, today: String = "2026-03-31") -> [String] {
    let file = AnswersFile(text: yaml, path: "answers.yaml", form: form)
    let validation = ResponseValidator(form: form, today: today).validate(answers: file.answers)
    return (file.problems + validation.problems).map { problem in
        "\(file.location(of: problem).map { "\($0)" } ?? "-"): \(problem)"
    }
}

@Suite("Answers files")
struct AnswersFileTests {
    let tender: Form

    init() throws {
        tender = try Fixtures.loadTenderForm()
    }

    func read(_ yaml: String, form: Form? = nil) -> AnswersFile {
        AnswersFile(text: yaml, path: "answers.yaml", form: form ?? tender)
    }

    @Test func valuesAreReadAsTheirQuestionsType() {
        let file = read(
            """
            org_size: small
            bid: no
            bid_days: 1,000
            reasons: lot_size, timescale
            fair: 2
            views:
              clear: 3
              timely: dont_know
            tenders:
              - directorate: 123
              - directorate: yes
            """)
        #expect(file.problems.isEmpty)
        #expect(
            file.answers == [
                "org_size": text("small"), "bid": .bool(false), "bid_days": .number(1000),
                "reasons": list("lot_size", "timescale"), "fair": .number(2),
                "views": .object(["clear": .number(3), "timely": text("dont_know")]),
                "tenders": .array([.object(["directorate": text("123")]), .object(["directorate": text("yes")])]),
            ])
    }

    @Test func textIsKeptAsWrittenWhateverYAMLWouldMakeOfIt() throws {
        let evidence = try loadShippedForm("written-evidence")
        let cases: [(String, String)] = [
            ("org_name: 123", "123"), ("org_name: 1.50", "1.50"), ("org_name: 2026-03-31", "2026-03-31"),
            ("org_name: yes", "yes"), ("org_name: 0x1F", "0x1F"), ("org_name: 'null'", "null"),
            ("org_name: \"Smith & Sons: Care\"", "Smith & Sons: Care"),
        ]
        for (line, value) in cases {
            #expect(read(line, form: evidence).answers == ["org_name": text(value)], "\(line)")
        }
    }

    @Test func yesAndNoAreReadInAnyCase() {
        for word in ["yes", "Yes", "YES", "y", "true", "True", "\"yes\""] {
            #expect(read("bid: \(word)").answers == ["bid": .bool(true)], "\(word)")
        }
        for word in ["no", "No", "NO", "n", "false", "'no'"] {
            #expect(read("bid: \(word)").answers == ["bid": .bool(false)], "\(word)")
        }
        #expect(read("bid: maybe").problems.map(\.description) == ["question 2 (bid): answer yes or no"])
        #expect(read("bid: [yes]").problems.map(\.description) == ["question 2 (bid): answer yes or no"])
    }

    @Test func listsMayBeWrittenInBracketsOrWithCommas() {
        let expected: [String: JSONValue] = ["reasons": list("lot_size", "timescale")]
        #expect(read("reasons: [lot_size, timescale]").answers == expected)
        #expect(read("reasons: lot_size, timescale").answers == expected)
        #expect(read("reasons: lot_size,timescale,").answers == expected)
        #expect(read("reasons:\n  - lot_size\n  - timescale").answers == expected)
        #expect(read("reasons: none").answers == ["reasons": list("none")])
        #expect(
            read("reasons: {lot_size: yes}").problems.map(\.description) == [
                "question 4 (reasons): write the list as [value, value]"
            ])
        #expect(
            read("reasons: [lot_size, [timescale]]").problems.map(\.description) == [
                "question 4 (reasons): write the list as [value, value]"
            ])
    }

    @Test func numbersAreReadWithoutGuessing() {
        #expect(read("bid_days: 7.5").answers == ["bid_days": .number(7.5)])
        #expect(read("bid_days: 25,000").answers == ["bid_days": .number(25000)], "commas between thousands")
        #expect(read("bid_days: '12'").answers == ["bid_days": .number(12)])
        for wrong in ["ten", "£25", "1e2", "0x10", "1,5", "1_000", ".inf", ".nan", "[1]"] {
            #expect(
                read("bid_days: \(wrong)").problems.map(\.description) == [
                    "question 3 (bid_days): enter a number"
                ], "\(wrong)")
        }
    }

    @Test func emptyAnswersAreLeftOut() {
        let file = read("org_size:\nbid: ~\nreasons: []\nfair: null\nviews:\n  clear:\n")
        #expect(file.problems.isEmpty)
        #expect(file.answers == ["reasons": .array([]), "views": .object([:])])
    }

    @Test func blockTextKeepsItsParagraphs() throws {
        let form = try loadEveryTypeForm()
        let file = read("essay: |\n  First paragraph.\n\n  Second paragraph.\n", form: form)
        #expect(file.answers == ["essay": text("First paragraph.\n\nSecond paragraph.\n")])
    }

    @Test func aJSONAnswersFileIsReadTheSameWay() {
        let file = read(#"{"org_size": "small", "bid": false, "reasons": ["none"], "fair": "dont_know"}"#)
        #expect(
            file.answers == [
                "org_size": text("small"), "bid": .bool(false), "reasons": list("none"), "fair": text("dont_know"),
            ])
    }

    @Test func shapesThatCannotBeAnswersAreReported() throws {
        let form = try loadEveryTypeForm()
        let file = read(
            """
            name: [Riverside, Trust]
            intro: I read it
            doubled: 4
            views: 3
            """, form: form)
        #expect(
            file.problems.map(\.description) == [
                "question 1 (name): write a single answer here, not a list",
                "intro: this is a note and takes no answer; remove the value",
                "doubled: this is worked out for you and takes no answer; remove the value",
                "question 11 (views): rate each statement on its own line under this question",
            ])
    }

    @Test func aLocationPointsAtTheOffendingValue() {
        let yaml = """
            org_size: medium
            bid: yes
            bid_days: 400
            fair: 7
            views:
              clear: 9
              timely: 2
            """
        #expect(
            locatedProblems(yaml, form: tender) == [
                "1:11: question 1 (org_size): choose one of the options: small, large, dont_know",
                "3:11: question 3 (bid_days): Enter a number of days between 0 and 365.",
                "4:7: question 5 (fair): choose a point from 1 to 3 or dont_know",
                "6:10: question 6 (views), statement clear: choose a point from 1 to 3 or dont_know",
            ])
    }

    @Test func aReadingProblemIsLocatedToo() {
        #expect(
            locatedProblems("org_size: small\nbid: perhaps\n", form: tender) == [
                "2:6: question 2 (bid): answer yes or no"
            ])
    }

    @Test func anEmptyRequiredAnswerPointsAtItsKey() {
        #expect(
            locatedProblems("bid: yes\n  \norg_size:\n", form: tender) == [
                "3:1: question 1 (org_size): an answer is required"
            ])
        // A question left out altogether has no place in the file.
        #expect(locatedProblems("bid: yes\n", form: tender) == ["-: question 1 (org_size): an answer is required"])
    }

    @Test func problemsInARepeatPointAtTheirInstance() throws {
        let tupe = try loadShippedForm("tupe-timing")
        let yaml = """
            org_size: small
            any_tenders: yes
            tenders:
              - tender_name: Youth services, Maidstone lot
                directorate: education
                tupe_applied: no
              - tender_name: Day opportunities
                tupe_applied: yes
                tupe_info_timing: after_award
              - A tender with no block
              - tender_name: Carers' support
                directorate: adults
                tupe_applied: sometimes
            """
        // The block that cannot be read keeps its number, so later problems name (and point at) the right block.
        #expect(
            locatedProblems(yaml, form: tupe) == [
                "10:5: tenders, item 3: each tender must be a block of `question: answer` lines",
                "13:19: question 7 (tupe_applied), item 4: answer yes or no",
                #"7:5: question 5 (directorate), item 2: Please choose a directorate, or "Don't know"."#,
                "13:19: question 7 (tupe_applied), item 4: Please answer yes or no.",
            ])
    }

    @Test func anUnknownQuestionInAnInstanceIsLocated() {
        let yaml = "org_size: small\ntenders:\n  - directorate: Children's\n  - colour: red\n"
        #expect(
            locatedProblems(yaml, form: tender) == [
                "4:13: colour, item 2: the section 'tenders' has no question 'colour'"
            ])
        // A question of the repeat written outside it is pointed at, not dropped unseen.
        #expect(
            locatedProblems("org_size: small\ndirectorate: Children's\n", form: tender) == [
                "2:14: question 7 (directorate): this question is asked once per tender; give its answers in the list "
                    + "under 'tenders'"
            ])
    }

    @Test func aRepeatCountProblemPointsAtTheList() {
        let six = (1...6).map { "  - directorate: Team \($0)" }.joined(separator: "\n")
        #expect(
            locatedProblems("org_size: small\ntenders:\n" + six, form: tender) == [
                "3:3: tenders: give at most 5 tenders"
            ])
        #expect(
            locatedProblems("org_size: small\ntenders: none\n", form: tender) == [
                "2:10: tenders: give the answers for each tender as a list of blocks"
            ])
    }

    @Test func aSyntaxErrorIsLocated() {
        let file = read("org_size: small\nbid: \"yes\nfair: 2\n")
        #expect(file.answers.isEmpty)
        #expect(file.problems.count == 1)
        let problem = file.problems.first
        #expect(problem?.question == "file")
        #expect(problem?.message.hasPrefix("the file is not valid YAML or JSON: ") == true)
        #expect(problem.flatMap(file.location(of:)) == SourceLocation(line: 2, column: 6))
    }

    @Test func anAnswerGivenTwiceIsLocatedAtTheRepeat() {
        #expect(
            locatedProblems("org_size: small\nbid: yes\nfair: 2\nbid: no\n", form: tender) == [
                "4:1: file: the file is not valid YAML or JSON: duplicate key 'bid' (first at line 2); each key may appear "
                    + "once in a mapping",
                "-: question 1 (org_size): an answer is required",
            ])
    }

    @Test func aFileThatIsNotAMappingIsRefused() {
        #expect(
            locatedProblems("- small\n- yes\n", form: tender) == [
                "1:1: file: the file must map question ids to answers (`org_size: small`)",
                "-: question 1 (org_size): an answer is required",
            ])
    }

    @Test func anEmptyFileHasNoAnswers() {
        let file = read("# nothing yet\n")
        #expect(file.problems.isEmpty)
        #expect(file.answers.isEmpty)
    }
}
