import CanvassForms
import CanvassResponses
import CanvassTesting
import Testing

/// A form with every question type, a note, a calculation, and a repeat section holding several types.
let tableForm = """
    form: table-check
    version: "2026.1"
    title: Table check
    choices:
      size:
        - small: Small
        - large: Large
      reasons:
        - lot_size: Lots too large
        - timescale: Not enough time
        - {value: none, label: None of these, exclusive: true}
      agree:
        - disagree: Disagree
        - neutral: Neither
        - agree: Agree
        - {value: dont_know, label: "Don't know", missing: true}
      priorities:
        - outcomes: Outcomes
        - outputs: Outputs
        - price: Price
    sections:
      - id: about
        questions:
          - id: intro
            type: note
            label: Please answer what you can.
          - id: name
            type: text
            label: Your organisation
          - id: essay
            type: long_text
            label: Anything else?
          - id: staff
            type: integer
            label: Paid staff
          - id: days
            type: decimal
            label: Staff-days
          - id: closing
            type: date
            label: Closing date
          - id: email
            type: email
            label: Email
          - id: bid
            type: yes_no
            label: Did you bid?
          - id: size
            type: select_one
            choices: size
            label: Size
          - id: reasons
            type: select_multiple
            choices: reasons
            label: Reasons
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
              - timely: Information came in time
          - id: order
            type: rank
            choices: priorities
            label: Put these in order
          - id: submission
            type: file
            label: Attach your submission
          - id: doubled
            type: calculate
            calculation: "${staff} * 2"
      - id: tenders
        title: Tenders
        repeat: {min: 0, max: 5, noun: tender}
        questions:
          - id: tender_name
            type: text
            label: What was the tender called?
          - id: value
            type: decimal
            label: Contract value, in pounds
          - id: effects
            type: select_multiple
            choices: reasons
            label: Why?
          - id: run_fairly
            type: likert
            choices: agree
            label: This tender was run fairly.
          - id: thanks
            type: note
            label: Thank you.
    """

/// The table form's main header, as a CSV line without its `\r\n`.
let tableHeader =
    "id,form_version,created_at,completed_at,deprecates,organisation,name,essay,staff,days,closing,email,bid,size,"
    + "reasons.lot_size,reasons.timescale,reasons.none,fair,views.clear,views.timely,order.outcomes,order.outputs,"
    + "order.price,submission,doubled"

/// A finished response to the table form with every answer given.
let fullResponse = Response(
    form: "table-check", formVersion: "2026.1", id: "r-1", createdAt: "2026-03-30T09:00:00Z",
    completedAt: "2026-03-30T09:12:00Z",
    answers: [
        "name": text("Riverside \"Youth\" Trust, Maidstone"),
        "essay": text("Lots were too large.\nWe could not bid alone."),
        "staff": .number(12),
        "days": .number(7.5),
        "closing": text("2026-03-31"),
        "email": text("bids@riverside.example.org"),
        "bid": .bool(true),
        "size": text("small"),
        "reasons": list("lot_size", "timescale"),
        "fair": text("dont_know"),
        "views": .object(["clear": .number(3), "timely": text("dont_know")]),
        "order": list("price", "outcomes"),
        "submission": text("evidence.pdf"),
        "doubled": .number(24),
        "tenders": .array([
            .object([
                "tender_name": text("+44 helpline, lot 2"), "value": .number(250_000), "effects": list("none"),
                "run_fairly": .number(3),
            ]),
            .object(["tender_name": text("Youth services")]),
        ]),
    ],
    attachments: [
        CanvassResponses.Attachment(
            question: "submission", name: "evidence.pdf", bytes: 10, sha256: String(repeating: "a", count: 64),
            mediaType: "application/pdf")
    ])

/// A draft that answers almost nothing, and corrects `r-1`.
let sparseResponse = Response(
    form: "table-check", formVersion: "2026.1", id: "r-2", createdAt: "2026-03-31T10:00:00Z", deprecates: "r-1",
    answers: ["staff": .number(-3), "days": .number(-0.25), "bid": .bool(false), "fair": .number(2)])

/// The lines as a CSV file holds them, each ended by `\r\n`.
func crlf(_ lines: String...) -> String {
    lines.map { $0 + "\r\n" }.joined()
}

/// The main table for `responses` as CSV text: header, then one line per response.
func mainCSV(_ table: ResponseTable, _ responses: [(Response, [String])]) -> String {
    CSV.line(table.columns) + responses.map { CSV.line(table.row(for: $0.0, extra: $0.1)) }.joined()
}

/// A repeat table for `responses` as CSV text: header, then one line per instance.
func repeatCSV(_ table: RepeatTable, _ responses: [Response]) -> String {
    CSV.line(table.columns) + responses.flatMap { table.rows(for: $0) }.map(CSV.line).joined()
}

/// One answer of the table form, alone in a response, as the cells of its columns.
func cells(_ question: String, _ answer: JSONValue, attachments: [CanvassResponses.Attachment] = []) throws
    -> [String]
{
    let table = ResponseTable(form: try Form.load(text: tableForm, path: "table.yaml"))
    let response = Response(
        form: "table-check", formVersion: "2026.1", id: "r", createdAt: "t", answers: [question: answer],
        attachments: attachments)
    let row = table.row(for: response)
    return zip(table.columns, row).filter { $0.0 == question || $0.0.hasPrefix(question + ".") }.map(\.1)
}

@Suite("Responses as CSV tables")
struct ResponseTableTests {
    let form: Form
    let table: ResponseTable

    init() throws {
        form = try Form.load(text: tableForm, path: "table.yaml")
        table = ResponseTable(form: form, extraColumns: ["organisation"])
    }

    @Test func theMainTableHasAColumnPerAnswerInFormOrder() {
        #expect(
            mainCSV(table, [(fullResponse, ["Riverside Trust"]), (sparseResponse, ["=Evil Ltd"])])
                == crlf(
                    tableHeader,
                    "r-1,2026.1,2026-03-30T09:00:00Z,2026-03-30T09:12:00Z,,Riverside Trust,"
                        + "\"Riverside \"\"Youth\"\" Trust, Maidstone\","
                        + "\"Lots were too large.\nWe could not bid alone.\","
                        + "12,7.5,2026-03-31,bids@riverside.example.org,1,small,1,1,0,dont_know,3,dont_know,2,,1,"
                        + "evidence.pdf,24",
                    "r-2,2026.1,2026-03-31T10:00:00Z,,r-1,'=Evil Ltd,,,-3,-0.25,,,0,,,,,2,,,,,,,"
                ))
    }

    @Test func labelsGiveTheQuestionAndTheOption() {
        #expect(
            CSV.line(table.labels())
                == crlf(
                    ",,,,,,Your organisation,Anything else?,Paid staff,Staff-days,Closing date,Email,Did you bid?,"
                        + "Size,Reasons: Lots too large,Reasons: Not enough time,Reasons: None of these,"
                        + "The process was fair.,How far do you agree?: The specification was clear,"
                        + "How far do you agree?: Information came in time,Put these in order: Outcomes,"
                        + "Put these in order: Outputs,Put these in order: Price,Attach your submission,"
                ))
        #expect(table.labels().count == table.columns.count)
    }

    @Test func eachRepeatSectionHasItsOwnTableWithARowPerInstance() throws {
        #expect(table.repeatTables.map(\.section) == ["tenders"])
        let tenders = try #require(table.repeatTables.first)
        #expect(
            repeatCSV(tenders, [fullResponse, sparseResponse])
                == crlf(
                    "response_id,instance,tender_name,value,effects.lot_size,effects.timescale,effects.none,run_fairly",
                    "r-1,1,\"'+44 helpline, lot 2\",250000,0,0,1,3",
                    "r-1,2,Youth services,,,,,"
                ))
        #expect(
            CSV.line(tenders.labels())
                == crlf(
                    ",,What was the tender called?,\"Contract value, in pounds\",Why?: Lots too large,"
                        + "Why?: Not enough time,Why?: None of these,This tender was run fairly."
                ))
    }

    @Test func aFormWithoutRepeatsHasNoRepeatTables() throws {
        let plain = try loadEveryTypeForm()
        #expect(ResponseTable(form: plain).repeatTables.isEmpty)
    }

    @Test func aRepeatInstanceThatIsNotASetOfAnswersIsARowOfEmptyCells() throws {
        let tenders = try #require(table.repeatTables.first)
        let odd = Response(
            form: "table-check", formVersion: "2026.1", id: "r-3", createdAt: "t",
            answers: ["tenders": .array([text("Youth services"), .object(["value": .number(1e6)])])])
        #expect(
            tenders.rows(for: odd) == [
                ["r-3", "1", "", "", "", "", "", ""], ["r-3", "2", "", "1000000", "", "", "", ""],
            ])
        let notAList = Response(
            form: "table-check", formVersion: "2026.1", id: "r-4", createdAt: "t",
            answers: ["tenders": .object(["value": .number(1)])])
        #expect(tenders.rows(for: notAList).isEmpty)
    }

    @Test func aSelectMultipleIsOneWhenTickedZeroWhenNotAndEmptyWhenUnanswered() throws {
        #expect(try cells("reasons", list("none")) == ["0", "0", "1"])
        #expect(try cells("reasons", list()) == ["", "", ""])
        #expect(try cells("reasons", .null) == ["", "", ""])
        #expect(try cells("staff", .number(1)) == ["1"])
    }

    @Test func aRankGivesEachOptionItsPlace() throws {
        #expect(try cells("order", list("outputs", "price", "outcomes")) == ["3", "1", "2"])
        #expect(try cells("order", list("outputs")) == ["", "1", ""])
        #expect(try cells("order", list()) == ["", "", ""])
    }

    @Test func aMatrixGivesEachStatementItsRating() throws {
        #expect(try cells("views", .object(["timely": .number(1)])) == ["", "1"])
        #expect(try cells("views", .object([:])) == ["", ""])
        #expect(try cells("views", text("agree")) == ["", ""])
    }

    @Test func numbersAreWrittenAsCanonicalJSONWritesThem() throws {
        #expect(try cells("days", .number(12_000)) == ["12000"])
        #expect(try cells("days", .number(0.1)) == ["0.1"])
        #expect(try cells("days", .number(-1e-7)) == ["-1e-07"])
        #expect(try cells("staff", .number(-0.0)) == ["0"])
        #expect(try cells("fair", .number(3)) == ["3"])
        #expect(try cells("doubled", .bool(true)) == ["1"])
        #expect(try cells("doubled", list("a", "b")) == ["a b"])
    }

    @Test func aFileCellNamesEveryFileAttachedToTheQuestion() throws {
        let second = CanvassResponses.Attachment(
            question: "submission", name: "=annex.pdf", bytes: 1, sha256: "", mediaType: "application/pdf")
        let other = CanvassResponses.Attachment(
            question: "notice", name: "notice.pdf", bytes: 1, sha256: "", mediaType: "application/pdf")
        #expect(
            try cells("submission", text("evidence.pdf"), attachments: [second, other]) == ["evidence.pdf; '=annex.pdf"]
        )
        #expect(try cells("submission", .null, attachments: [second]) == ["'=annex.pdf"])
        #expect(try cells("submission", .null, attachments: [other]) == [""])
    }

    @Test(arguments: ["=1+2", "+44 1622 694000", "-2+3", "@SUM(A1:A2)", "\tpadded", "\rreturn", "=\u{301}accent"])
    func freeTextThatASpreadsheetWouldRunIsQuoted(_ answer: String) throws {
        for question in ["name", "essay", "email", "size", "closing", "submission"] {
            #expect(try cells(question, text(answer)) == ["'" + answer])
        }
    }

    @Test(arguments: ["a=b", " =1", "'already quoted", "£1,000", "Dŵr Cymru"])
    func otherTextIsLeftAlone(_ answer: String) throws {
        #expect(try cells("name", text(answer)) == [answer])
    }

    @Test func metadataAndExtraCellsAreQuotedTooButNumbersNever() {
        let response = Response(
            form: "table-check", formVersion: "+1", id: "-r", createdAt: "@t", completedAt: "=now()",
            deprecates: "-x", answers: ["staff": .number(-5), "days": .number(-2.5)])
        let row = table.row(for: response, extra: ["@org"])
        #expect(Array(row.prefix(6)) == ["'-r", "'+1", "'@t", "'=now()", "'-x", "'@org"])
        #expect(Array(row[8...9]) == ["-5", "-2.5"])
        let tenders = ResponseTable(form: form).repeatTables[0]
        let repeated = Response(
            form: "table-check", formVersion: "1", id: "-r", createdAt: "t",
            answers: ["tenders": .array([.object([:])])])
        #expect(tenders.rows(for: repeated).first?.first == "'-r")
    }

    @Test func extraCellsArePaddedOrCutToTheExtraColumns() {
        let two = ResponseTable(form: form, extraColumns: ["organisation", "received_at"])
        #expect(
            two.columns.prefix(7) == [
                "id", "form_version", "created_at", "completed_at", "deprecates", "organisation", "received_at",
            ])
        #expect(two.row(for: sparseResponse, extra: ["Acme"])[5...6] == ["Acme", ""])
        #expect(
            two.row(for: sparseResponse, extra: ["Acme", "2026-04-01", "surplus"])[5...6] == ["Acme", "2026-04-01"])
        #expect(two.row(for: sparseResponse, extra: ["Acme", "2026-04-01", "surplus"]).count == two.columns.count)
        #expect(
            ResponseTable(form: form).row(for: fullResponse, extra: ["ignored"]).count == tableHeader.split(
                separator: ","
            ).count - 1)
    }

    @Test func answersToQuestionsNotInTheMainTableAreLeftOut() {
        var response = sparseResponse
        response.answers["intro"] = text("a note takes no answer")
        response.answers["tender_name"] = text("belongs in a repeat")
        response.answers["unknown"] = text("not a question")
        #expect(table.row(for: response) == table.row(for: sparseResponse))
    }

    @Test func labelsAreInTheFormsDefaultLanguage() throws {
        let welsh = try Form.load(
            text: """
                form: welsh-first
                version: "1"
                title: {cy: Tendrau, en: Tenders}
                languages: [cy, en]
                choices:
                  size:
                    - small: {cy: Bach, en: Small}
                    - large: {cy: Mawr, en: Large}
                sections:
                  - id: main
                    questions:
                      - id: size
                        type: select_multiple
                        choices: size
                        label: {cy: Maint, en: Size}
                      - id: secret
                        type: calculate
                        calculation: "1 + 1"
                """, path: "welsh.yaml")
        let table = ResponseTable(form: welsh)
        #expect(
            table.columns == [
                "id", "form_version", "created_at", "completed_at", "deprecates", "size.small", "size.large", "secret",
            ])
        #expect(table.labels() == ["", "", "", "", "", "Maint: Bach", "Maint: Mawr", ""])
    }

    @Test func theTenderFixtureHasTheColumnsAnAnalystExpects() throws {
        let tender = ResponseTable(form: try Fixtures.loadTenderForm())
        #expect(
            CSV.line(tender.columns)
                == crlf(
                    "id,form_version,created_at,completed_at,deprecates,org_size,bid,bid_days,reasons.lot_size,"
                        + "reasons.timescale,reasons.none,fair,views.clear,views.timely"
                ))
        #expect(tender.repeatTables.map(\.columns) == [["response_id", "instance", "directorate"]])
    }

    @Test(arguments: filledTemplates.indices)
    func everyRowOfAShippedFormFitsItsHeader(_ index: Int) throws {
        let (name, yaml) = filledTemplates[index]
        let form = try loadShippedForm(name)
        let answers = validateTemplate(yaml, form: form).validation.answers
        let response = Response(
            form: form.id, formVersion: form.version, id: "r-1", createdAt: "2026-03-31T09:00:00Z",
            answers: answers, attachments: form.id == "written-evidence" ? [riversideEvidence] : [])
        let table = ResponseTable(form: form)
        let row = table.row(for: response)
        #expect(row.count == table.columns.count)
        #expect(table.labels().count == table.columns.count)
        #expect(Set(table.columns).count == table.columns.count)
        // Every answer outside a repeat shows up somewhere in the row.
        #expect(row.dropFirst(ResponseTable.metadataColumns.count).contains { !$0.isEmpty })
        for repeatTable in table.repeatTables {
            let rows = repeatTable.rows(for: response)
            if case .array(let instances) = answers[repeatTable.section] { #expect(rows.count == instances.count) }
            #expect(rows.allSatisfy { $0.count == repeatTable.columns.count })
            #expect(repeatTable.labels().count == repeatTable.columns.count)
        }
    }

    @Test func tupeTimingTendersBecomeRowsOfTheirOwn() throws {
        let form = try loadShippedForm("tupe-timing")
        let answers = validateTemplate(filledTupeTiming, form: form).validation.answers
        let response = Response(form: form.id, formVersion: form.version, id: "r-1", createdAt: "t", answers: answers)
        let table = ResponseTable(form: form)
        #expect(
            table.columns.dropFirst(5) == [
                "org_size", "any_tenders", "tupe_needed_by", "directorate_consistency", "tupe_comments",
                "tenders_recorded", "late_tupe_total", "unbudgeted_total",
            ])
        var row = table.row(for: response)
        row[9] = "(comments)"
        #expect(CSV.line(row) == crlf("r-1,2026.1,t,,,medium,1,before_interest,2,(comments),3,1,42000"))
        let tenders = try #require(table.repeatTables.first { $0.section == "tenders" })
        #expect(
            CSV.line(tenders.columns)
                == crlf(
                    "response_id,instance,tender_name,closing_date,directorate,bid_outcome,tupe_applied,"
                        + "tupe_info_timing,tupe_effects.renegotiation,tupe_effects.withdrawal,"
                        + "tupe_effects.unbudgeted_cost,tupe_effects.delay,tupe_effects.other,tupe_effects.none,"
                        + "tupe_effects.dont_know,unbudgeted_cost,late_tupe,cost_or_zero"
                ))
        #expect(
            tenders.rows(for: response).map(CSV.line).joined()
                == crlf(
                    "r-1,1,Youth services: Maidstone lot,2025-06-30,communities,awarded,1,after_award,0,0,1,1,0,0,0,"
                        + "42000,1,42000",
                    "r-1,2,Family support hubs (west),2025-11-01,children,unsuccessful,1,invitation,0,0,0,0,0,1,0,,0,0",
                    "r-1,3,Healthy lifestyles service,2026-01-15,public_health,awaiting,0,,,,,,,,,,0,0"
                ))
    }
}

@Suite("CSV lines")
struct CSVLineTests {
    @Test func plainCellsAreJoinedWithCommasAndEndWithCRLF() {
        #expect(CSV.line(["a", "b c", "", "Dŵr; £1"]) == "a,b c,,Dŵr; £1\r\n")
        #expect(CSV.line([]) == "\r\n")
    }

    @Test func cellsWithCommasQuotesOrLineBreaksAreQuoted() {
        #expect(CSV.line(["a,b"]) == "\"a,b\"\r\n")
        #expect(CSV.line(["say \"hi\""]) == "\"say \"\"hi\"\"\"\r\n")
        #expect(CSV.line(["one\ntwo", "x"]) == "\"one\ntwo\",x\r\n")
        #expect(CSV.line(["one\r\ntwo"]) == "\"one\r\ntwo\"\r\n")
        #expect(CSV.line(["one\rtwo"]) == "\"one\rtwo\"\r\n")
        #expect(CSV.line(["\""]) == "\"\"\"\"\r\n")
    }

    @Test func aQuoteHiddenInACombinedCharacterIsStillDoubled() {
        #expect(CSV.line(["\"\u{301}"]) == "\"\"\"\u{301}\"\r\n")
    }

    @Test func safeTextQuotesOnlyWhatASpreadsheetWouldRun() {
        #expect(CSV.safeText("=HYPERLINK(\"http://example.com\")") == "'=HYPERLINK(\"http://example.com\")")
        #expect(CSV.safeText("\r\nnext") == "'\r\nnext")
        #expect(CSV.safeText("") == "")
        #expect(CSV.safeText("1-2") == "1-2")
    }
}
