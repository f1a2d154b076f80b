import CanvassForms
import CanvassQuestionnaires
import CanvassResponses
import CanvassTesting
import Foundation
import Testing

/// What the web questionnaire posts to the collector, read back into answers; and the page shown again with what was
/// typed and what is wrong with it.
@Suite("The web questionnaire's posted fields")
struct WebFieldsTests {
    static let form = """
        form: visits
        version: "2"
        title: Visits
        choices:
          size:
            - small: Small
            - large: Large
          agree:
            - disagree: Disagree
            - neutral: Neutral
            - agree: Agree
            - {value: dont_know, label: "Don't know", missing: true}
          kinds:
            - home: Home
            - office: Office
            - online: Online
        sections:
          - id: about
            title: About you
            questions:
              - id: size
                type: select_one
                choices: size
                label: Size?
                required: true
                default: small
              - id: visited
                type: yes_no
                label: Visited?
                required: true
              - id: staff
                type: integer
                label: Staff?
                relevant: "${size} = 'large'"
                required: true
              - id: kinds
                type: select_multiple
                choices: kinds
                label: Kinds?
              - id: fair
                type: likert
                choices: agree
                label: Fair?
              - id: order
                type: rank
                choices: kinds
                label: Order?
              - id: grid
                type: matrix
                choices: agree
                label: Grid?
                items:
                  - clear: Clear
                  - quick: Quick
              - id: notes
                type: long_text
                label: Notes?
          - id: trips
            title: Trips
            repeat:
              min: 1
              max: 3
              noun: trip
            questions:
              - id: place
                type: text
                label: Where?
                required: true
              - id: cost
                type: decimal
                label: Cost?
                default: 0
                constraint: ". >= 0"
                constraint_message: Enter a cost of 0 or more.
        """

    static func load() throws -> Form {
        let result = FormLoader.load(text: form, path: "visits.yaml")
        return try #require(result.form, "\(result.diagnostics)")
    }

    @Test("Form encoding is read as browsers write it: + as space, %XX as UTF-8 bytes, bad escapes kept")
    func decoding() {
        let fields = WebFields(urlEncoded: Array("a=1+2&b=%C2%A3%E2%80%9C%3C%26&c&d=%zz%4&a=3&=x".utf8))
        #expect(fields.values("a") == ["1 2", "3"])
        #expect(fields.value("b") == "£“<&")
        #expect(fields.value("c") == "")
        #expect(fields.value("d") == "%zz%4")
        #expect(fields.value("") == "x")
        #expect(fields.value("missing") == nil)
        let round = WebFields(urlEncoded: Array(FormBodies.urlEncoded([("t", "line\r\nnext & \"quoted\" é +")]).utf8))
        #expect(round.value("t") == "line\r\nnext & \"quoted\" é +")
    }

    @Test("A browser's file name becomes a plain attachment name")
    func fileNames() {
        #expect(WebFields.fileName("report.pdf") == "report.pdf")
        #expect(WebFields.fileName("C:\\Users\\ann\\Report 2026.docx") == "Report 2026.docx")
        #expect(WebFields.fileName("../../etc/passwd") == "passwd")
        #expect(WebFields.fileName("..hidden\u{7}\n.pdf") == "hidden.pdf")
        #expect(WebFields.fileName("/") == "file")
        #expect(WebFields.fileName(String(repeating: "é", count: 150) + ".pdf").utf8.count <= 200)
        #expect(WebFields.fileName(String(repeating: "é", count: 150) + ".pdf").hasSuffix(".pdf"))
    }

    @Test("The pressed button, the response id, the correction and each section's entries in page order")
    func controls() throws {
        let fields = WebFields([
            ("canvass-id", "abc-1"), ("canvass-entry", "trips__4"), ("canvass-entry", "trips__2"),
            ("canvass-entry", "trips__4"), ("canvass-entry", "junk"), ("canvass-entry", "__3"),
            ("canvass-deprecates", "../etc"), ("canvass-action", "remove:trips__2"),
        ])
        #expect(fields.responseID == "abc-1")
        #expect(fields.deprecates == nil)
        let form = try Self.load()
        #expect(fields.entries(for: form) == ["trips": [4, 2]])
        // Only the form's repeat sections, each entry once, no more than the section takes.
        let many = WebFields(
            (1...50).map { ("canvass-entry", "trips__\($0)") } + (1...50).map { ("canvass-entry", "nope__\($0)") }
                + [("canvass-entry", "trips__01")])
        #expect(many.entries(for: form) == ["trips": [1, 2, 3]])
        #expect(fields.action == .remove(section: "trips", entry: 2))
        #expect(WebFields([("canvass-action", "add:trips")]).action == .add(section: "trips"))
        #expect(WebFields([("canvass-action", "send")]).action == .send)
        #expect(WebFields([("canvass-action", "remove:trips")]).action == .send)
        #expect(WebFields().action == .send)
        #expect(WebFields([("canvass-id", "no spaces allowed")]).responseID == nil)
    }

    @Test("Fields become answers as a response stores them, typed by question; what cannot be read stays text")
    func answers() throws {
        let form = try Self.load()
        let fields = WebFields([
            ("size", "large"), ("visited", "no"), ("staff", " 12 "), ("kinds", "home"), ("kinds", "online"),
            ("fair", "agree"), ("order.1", "online"), ("order.2", ""), ("order.3", "home"), ("grid.clear", "neutral"),
            ("grid.quick", "dont_know"), ("notes", "one\r\ntwo"), ("canvass-entry", "trips__7"),
            ("canvass-entry", "trips__2"), ("place__7", "Leeds"), ("cost__7", "12.50"), ("place__2", "York"),
            ("cost__2", "twelve"), ("place__9", "not an entry"), ("unknown", "x"),
        ])
        let answers = fields.answers(for: form)
        #expect(
            answers == [
                "size": .string("large"), "visited": .bool(false), "staff": .number(12),
                "kinds": .array([.string("home"), .string("online")]), "fair": .number(3),
                "order": .array([.string("online"), .string("home")]),
                "grid": .object(["clear": .number(2), "quick": .string("dont_know")]), "notes": .string("one\ntwo"),
                "trips": .array([
                    .object(["place": .string("Leeds"), "cost": .number(12.5)]),
                    .object(["place": .string("York"), "cost": .string("twelve")]),
                ]),
            ])
        // The validator refuses what could not be read, beside the entry it is in, and nothing else.
        let validation = ResponseValidator(form: form).validate(answers: answers)
        #expect(validation.problems.map(\.question) == ["cost"])
        #expect(validation.problems.first?.instance == 2)
        // Blank fields are no answer; a question skipped by the form's logic is cleared, whatever was typed.
        let blank = WebFields([("size", "small"), ("staff", "abc"), ("notes", "  "), ("kinds", "")])
        let skipped = blank.answers(for: form)
        #expect(skipped == ["size": .string("small"), "staff": .string("abc")])
        let checked = ResponseValidator(form: form).validate(answers: skipped)
        #expect(checked.answers["staff"] == nil)
        #expect(!checked.problems.contains { $0.question == "staff" })
    }

    @Test(
        "The page shown again keeps what was typed, escaped, with each problem beside its question and in the summary")
    func pageAgain() throws {
        let form = try Self.load()
        let fields = WebFields([
            ("canvass-id", "r-1"), ("size", "large"), ("staff", "\"><script>x</script>"), ("fair", "dont_know"),
            ("grid.clear", "agree"), ("order.1", "home"), ("canvass-entry", "trips__5"),
            ("place__5", ""), ("cost__5", "-1"), ("kinds", "office"), ("notes", "\nfirst line blank"),
        ])
        let validation = ResponseValidator(form: form).validate(answers: fields.answers(for: form))
        let state = WebQuestionnaire.PageState(
            action: "/forms/visits/fill", responseID: "r-1", fields: fields, problems: validation.problems,
            entries: ["trips": [5, 6]], tokenID: "0123abcd", organisation: "Acme & <Sons>")
        let html = WebQuestionnaire(form: form, state: state).page()
        #expect(html.contains("<title>Error: Visits</title>"))
        #expect(html.contains("You are answering for <strong>Acme &amp; &lt;Sons&gt;</strong>"))
        #expect(html.contains("<input type=\"hidden\" name=\"canvass-token\" value=\"0123abcd\">"))
        #expect(html.contains("storageKey: \"canvass:visits:2:0123abcd\""))
        // An entry added since the post (6) starts with the form's defaults; the posted one (5) keeps what was typed.
        #expect(html.contains("id=\"cost__6\" name=\"cost__6\" inputmode=\"decimal\" value=\"0\""))
        #expect(html.contains("id=\"cost__5\" name=\"cost__5\" inputmode=\"decimal\" value=\"-1\""))
        #expect(html.contains("<form id=\"canvass-form\" method=\"post\" action=\"/forms/visits/fill\" novalidate"))
        #expect(html.contains("<input type=\"hidden\" name=\"canvass-id\" value=\"r-1\">"))
        // What was typed, escaped, never as markup.
        #expect(!html.contains("<script>x</script>"))
        #expect(html.contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""))
        // A long answer's first line break survives being shown again (HTML drops one straight after the tag).
        #expect(html.contains("aria-describedby=\"notes-error\">\n\nfirst line blank</textarea>"))
        #expect(html.contains("id=\"size-large\" name=\"size\" value=\"large\" checked>"))
        #expect(!html.contains("id=\"size-small\" name=\"size\" value=\"small\" checked>"))
        #expect(html.contains("id=\"fair-dont_know\" name=\"fair\" value=\"dont_know\" checked>"))
        #expect(html.contains("id=\"kinds-office\" name=\"kinds\" value=\"office\" checked>"))
        #expect(html.contains("value=\"agree\" checked aria-labelledby=\"grid.clear-label grid.clear-agree-h\">"))
        #expect(html.contains("<option value=\"home\" selected>Home</option>"))
        // The entry keeps its number, so its fields and its error lines keep their ids.
        #expect(html.contains("<fieldset class=\"entry\" data-suffix=\"__5\">"))
        #expect(html.contains("name=\"canvass-entry\" value=\"trips__5\""))
        #expect(html.contains("id=\"place__5\" name=\"place__5\""))
        // Every problem: in the summary, linked to its field, and beside the question.
        #expect(!validation.problems.isEmpty)
        let summary = html.components(separatedBy: "<ul id=\"error-list\">")[1].components(separatedBy: "</ul>")[0]
        let links = summary.components(separatedBy: "<a href=\"#").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        #expect(links.count == validation.problems.count)
        for link in links { #expect(html.contains("id=\"\(link)\""), "the summary links to #\(link)") }
        #expect(links.contains("place__5"))
        #expect(links.contains("staff"))
        // A problem in an entry says which: "Trip 1: …".
        #expect(summary.contains(">Trip 1: Enter a cost of 0 or more.</a>"))
        #expect(summary.contains("Trip 1: Where: An answer is required"))
        #expect(
            html.contains(
                "<p class=\"error-message\" id=\"cost-error__5\"><span class=\"visually-hidden\">Error:</span> "
                    + "Enter a cost of 0 or more.</p>"))
        #expect(html.contains("<div class=\"question question-error\" data-q=\"place\">"))
        #expect(!html.contains("id=\"error-summary\" tabindex=\"-1\" role=\"alert\" hidden"))
    }

    @Test("The confirmation gives the reference and the time as people read it, and clears the key's progress")
    func confirmation() throws {
        let form = try Self.load()
        let page = WebPages.confirmation(
            form: form, responseID: "r-9", receivedAt: "2026-11-29T04:52:01.170Z", tokenID: "abcd")
        #expect(page.contains("<strong id=\"response-id\">r-9</strong>"))
        #expect(
            page.contains(
                "<time id=\"received-at\" datetime=\"2026-11-29T04:52:01.170Z\">29 November 2026 at 04:52</time>"))
        #expect(page.contains("localStorage.removeItem(\"canvass:visits:2:abcd\")"))
    }

    @Test("A fresh served page shows each repeat section's minimum entries; the offline page keeps no post")
    func freshPages() throws {
        let form = try Self.load()
        let served = WebQuestionnaire(form: form, state: .init(action: "/forms/visits/fill", responseID: "x1")).page()
        #expect(served.contains("data-fresh=\"true\""))
        // Numbered as on paper, with skip logic in words for a page read without JavaScript (the script hides it).
        #expect(
            served.contains("<label class=\"label\" for=\"staff\"><span class=\"question-number\">3.</span> Staff?"))
        #expect(served.contains("<p class=\"hint condition\">Answer only if you answered “Large” to question 1.</p>"))
        #expect(served.contains("for (const el of document.querySelectorAll(\".condition\")) el.hidden = true;"))
        // A fresh page shows the form's default answer; a page shown again shows only what was posted.
        #expect(served.contains("id=\"size-small\" name=\"size\" value=\"small\" checked>"))
        #expect(served.contains("<fieldset class=\"entry\" data-suffix=\"__1\">"))
        #expect(!served.contains("data-suffix=\"__2\""))
        #expect(served.contains("name=\"canvass-action\" value=\"add:trips\""))
        #expect(served.contains("id=\"error-summary\" tabindex=\"-1\" role=\"alert\" hidden"))
        #expect(served.contains("Send my answers"))
        #expect(!served.contains("id=\"result\""))
        let offline = WebQuestionnaire(form: form).page()
        #expect(!offline.contains("method=\"post\""))
        #expect(!offline.contains("name=\"canvass-id\""))
        #expect(offline.contains("<button type=\"button\" class=\"secondary add\" data-add=\"trips\">"))
        #expect(offline.contains("id=\"result\""))
    }
}
