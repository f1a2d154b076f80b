public import CanvassForms
public import CanvassResponses
import Foundation

/// The web questionnaire as one self-contained page that works from a file, offline: every question is in the
/// HTML (so it can be read and answered without JavaScript), and with JavaScript the form's own skip logic,
/// calculations and checks run in the browser — compiled from the same expressions the validator evaluates —
/// progress is kept in the browser, repeat sections have "Add another", and at the end the answers are saved as
/// an answers file for `canvass finalize`.
public struct WebQuestionnaire: Sendable {
    public let form: Form
    public let language: String?
    /// What the page shows: blank and offline unless the collector serves it.
    public let state: PageState

    /// The page's state: where it posts, the response id, what was typed and what is wrong with it.
    public struct PageState: Sendable {
        /// Where the page posts its answers (the collector's `/forms/{form}/fill`); `nil` for the offline page, which
        /// saves an answers file instead.
        public var action: String?
        /// The id the response will be stored under; the same on every post of the page, so sending twice is safe.
        public var responseID: String
        /// What was typed, shown again (empty on a fresh page).
        public var fields: WebFields
        /// What is wrong with it, shown in the error summary and beside each question.
        public var problems: [ResponseProblem]
        /// The entries of each repeat section, by number; a section not listed shows its minimum.
        public var entries: [String: [Int]]
        /// The response the answers will correct (replace), when they were sent from this page before.
        public var deprecates: String?
        /// The public id of the token the page is shown for: posted back, so answers are never filed under an access
        /// key opened later in the same browser, and part of the key progress is kept under.
        public var tokenID: String?
        /// The organisation the token answers for, named at the top of the page.
        public var organisation: String?

        /// A blank page: offline when `action` is `nil`.
        public init(
            action: String? = nil, responseID: String = Response.newID(), fields: WebFields = WebFields(),
            problems: [ResponseProblem] = [], entries: [String: [Int]] = [:], deprecates: String? = nil,
            tokenID: String? = nil, organisation: String? = nil
        ) {
            self.deprecates = deprecates
            self.tokenID = tokenID
            self.organisation = organisation
            self.action = action
            self.responseID = responseID
            self.fields = fields
            self.problems = problems
            self.entries = entries
        }
    }

    /// The number beside each question, as on the printed questionnaire.
    private let numbers: [String: Int]
    /// Skip logic in words, for a page read without JavaScript ("Answer only if you answered Yes to question 2.").
    private let wording: ConditionWording

    public init(form: Form, language: String? = nil, state: PageState = PageState()) {
        self.form = form
        self.language = language
        self.state = state
        self.numbers = form.questionNumbers
        self.wording = ConditionWording(form: form, language: language)
    }

    func text(_ value: LocalizedText?) -> String { value?.text(in: language) ?? "" }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// A description's Markdown as HTML: paragraphs, "- " lists and **bold**, everything else as text.
    static func paragraphs(_ markdown: String) -> String {
        func inline(_ text: String) -> String {
            let parts = escape(text).components(separatedBy: "**")
            guard parts.count % 2 == 1 else { return escape(text) }
            return parts.enumerated().map { $0.offset % 2 == 1 ? "<strong>\($0.element)</strong>" : $0.element }
                .joined()
        }
        var html = ""
        for paragraph in markdown.components(separatedBy: "\n\n") {
            let lines = paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !lines.isEmpty else { continue }
            if lines[0].hasPrefix("- ") {
                // Items start with "- "; other lines continue the item before.
                var items: [String] = []
                for line in lines {
                    if line.hasPrefix("- ") {
                        items.append(String(line.dropFirst(2)))
                    } else if !items.isEmpty {
                        items[items.count - 1] += " " + line
                    }
                }
                html += "<ul class=\"description\">" + items.map { "<li>\(inline($0))</li>" }.joined() + "</ul>\n"
            } else {
                html += "<p class=\"description\">\(inline(lines.joined(separator: " ")))</p>\n"
            }
        }
        return html
    }

    /// The page.
    public func page() -> String {
        let e = Self.escape
        let online = state.action != nil
        let located = locatedProblems()
        var html = """
            <!DOCTYPE html>
            <html lang="\(e(language ?? form.languages.first ?? "en"))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(located.isEmpty ? "" : "Error: ")\(e(text(form.title)))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <main id="main">
            <h1>\(e(text(form.title)))</h1>

            """
        if let organisation = state.organisation, !organisation.isEmpty {
            html +=
                "<p class=\"answering-for\">You are answering for <strong>\(e(organisation))</strong>. If that is "
                + "not your organisation, close this page and open the link you were sent.</p>\n"
        }
        html += Self.paragraphs(text(form.description))
        html += """
            <div class="error-summary" id="error-summary" tabindex="-1" role="alert"\(located.isEmpty ? " hidden" : "")>
            <h2 id="error-summary-title">There is a problem</h2>
            <ul id="error-list">
            """
        for problem in located {
            html += "<li><a href=\"#\(e(problem.target))\">\(e(problem.summary))</a></li>"
        }
        html += "</ul>\n</div>\n"
        if let action = state.action {
            let files = form.questions.contains { $0.type == .file }
            html += """
                <form id="canvass-form" method="post" action="\(e(action))"\(files ? " enctype=\"multipart/form-data\"" : "")\
                 novalidate data-fresh="\(state.fields.pairs.isEmpty)">
                <input type="hidden" name="canvass-id" value="\(e(state.responseID))">
                <button type="submit" name="canvass-action" value="send" class="default-button" tabindex="-1" \
                aria-hidden="true">Send my answers</button>

                """
            if let tokenID = state.tokenID {
                html += "<input type=\"hidden\" name=\"canvass-token\" value=\"\(e(tokenID))\">\n"
            }
            if let deprecates = state.deprecates {
                html += "<input type=\"hidden\" name=\"canvass-deprecates\" value=\"\(e(deprecates))\">\n"
            }
        } else {
            html += "<form id=\"canvass-form\" novalidate data-fresh=\"true\">\n"
        }
        let messages = Dictionary(located.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        for section in form.sections {
            let visibleQuestions = section.questions.filter { $0.type != .calculate }
            guard !visibleQuestions.isEmpty else { continue }
            html += "<section class=\"section\" id=\"section-\(e(section.id))\" data-section=\"\(e(section.id))\">\n"
            if let title = section.title { html += "<h2>\(e(text(title)))</h2>\n" }
            if let relevant = section.relevant {
                html +=
                    "<p class=\"hint condition\">"
                    + "\(e(wording.instruction(for: relevant, subject: "Fill in this section")))</p>\n"
            }
            if let description = section.description {
                html += "<p class=\"hint\">\(e(text(description).replacingOccurrences(of: "\n", with: " ")))</p>\n"
            }
            if let rule = section.repeatRule {
                let noun = rule.noun ?? "entry"
                let title = e(noun.prefix(1).uppercased() + noun.dropFirst())
                html += Self.errorLine(id: "\(section.id)-error", message: messages[section.id])
                let posted = Set(state.fields.entries(for: form)[section.id] ?? [])
                // Without JavaScript, Add and Remove bring the page back at this section.
                let back = e((state.action ?? "") + "#section-" + section.id)
                func entry(_ suffix: String, number: String, fresh: Bool) -> String {
                    var html =
                        "<fieldset class=\"entry\"\(suffix.isEmpty ? "" : " data-suffix=\"\(suffix)\"")>"
                        + "<legend class=\"entry-title\">\(title) <span class=\"entry-number\">\(number)</span>"
                        + "</legend>\n<input type=\"hidden\" name=\"canvass-entry\" value=\"\(e(section.id))\(suffix)\" "
                        + "data-entry>\n"
                    for question in visibleQuestions {
                        html += block(question, suffix: suffix, message: messages[question.id + suffix], fresh: fresh)
                    }
                    let remove = "Remove this \(e(noun))"
                    html +=
                        online
                        ? "<button type=\"submit\" class=\"secondary remove\" name=\"canvass-action\" "
                            + "value=\"remove:\(e(section.id))\(suffix)\" formaction=\"\(back)\">\(remove)</button>\n"
                        : "<button type=\"button\" class=\"secondary remove\">\(remove)</button>\n"
                    return html + "</fieldset>\n"
                }
                html += "<div class=\"entries\" id=\"entries-\(e(section.id))\" data-noun=\"\(e(noun))\">\n"
                for (index, number) in entries(of: section).enumerated() {
                    html += entry(WebFields.suffix(number), number: String(index + 1), fresh: !posted.contains(number))
                }
                html +=
                    "</div>\n<template id=\"template-\(e(section.id))\">\n\(entry("", number: "", fresh: true))</template>\n"
                let add = "Add another \(e(noun))"
                let full = rule.maximum.map { entries(of: section).count >= $0 } ?? false
                if let maximum = rule.maximum {
                    // Shown once the section is full, when "Add another" goes.
                    html +=
                        "<p class=\"hint\" id=\"full-\(e(section.id))\"\(full ? "" : " hidden")>You have added the most "
                        + "this form takes (\(maximum)).</p>\n"
                }
                if online {
                    html +=
                        "<button type=\"submit\" class=\"secondary add\" name=\"canvass-action\" "
                        + "value=\"add:\(e(section.id))\" data-add=\"\(e(section.id))\" formaction=\"\(back)\""
                        + "\(full ? " hidden" : "")>"
                        + "\(add)</button>\n"
                } else {
                    html +=
                        "<button type=\"button\" class=\"secondary add\" data-add=\"\(e(section.id))\">\(add)</button>\n"
                    html += "<noscript><p class=\"hint\">Adding a \(e(noun)) needs JavaScript.</p></noscript>\n"
                }
            } else {
                for question in visibleQuestions {
                    html += block(
                        question, suffix: "", message: messages[question.id], fresh: state.fields.pairs.isEmpty)
                }
            }
            html += "</section>\n"
        }
        if online {
            html += """
                <button type="submit" class="primary" id="save" name="canvass-action" value="send">Send my answers</button>
                </form>
                </main>

                """
        } else {
            html += """
                <button type="submit" class="primary" id="save">Check and save my answers</button>
                </form>
                <section id="result" hidden aria-labelledby="result-title">
                <h2 id="result-title">Your answers are ready</h2>
                <p>Save the answers file, then send it to the council (by e-mail, or with <code>canvass finalize</code>).</p>
                <p><a id="download" class="primary" download="\(e(form.id))-answers.json" href="#">Download your answers file</a></p>
                <label for="answers-output">Or copy your answers:</label>
                <textarea id="answers-output" rows="8" readonly></textarea>
                </section>
                </main>

                """
        }
        html += """
            <script>
            \(ExpressionJavaScript.runtime)
            const FORM = \(formScript());
            \(Self.pageScript)
            </script>
            </body>
            </html>

            """
        return html
    }

    /// The entries a repeat section shows: those posted, else its minimum.
    private func entries(of section: Section) -> [Int] {
        state.entries[section.id] ?? Array(stride(from: 1, through: section.repeatRule?.minimum ?? 0, by: 1))
    }

    /// A problem placed on the page: the field whose error line shows it, the input its summary link moves to, and
    /// the words in both places.
    struct LocatedProblem {
        var field: String
        var target: String
        var message: String
        var summary: String
    }

    /// The state's problems, each placed on its question (in its entry) or, for a repeat count, its section.
    func locatedProblems() -> [LocatedProblem] {
        state.problems.map { problem in
            let message = Self.sentence(problem.message)
            guard let section = form.section(containing: problem.question),
                let question = form.question(problem.question)
            else {
                if let section = form.section(problem.question), section.isRepeat {
                    let noun = section.repeatRule?.noun ?? "entry"
                    let target = "entries-\(section.id)"
                    return LocatedProblem(
                        field: section.id, target: target, message: message,
                        summary: "\(text(section.title ?? LocalizedText(noun))): \(message)")
                }
                return LocatedProblem(field: "", target: "canvass-form", message: message, summary: message)
            }
            var suffix = ""
            var entry = ""
            if section.isRepeat, let instance = problem.instance {
                let numbers = entries(of: section)
                if instance >= 1 && instance <= numbers.count { suffix = WebFields.suffix(numbers[instance - 1]) }
                // Which entry, in the summary: "Tender 2: …".
                let noun = section.repeatRule?.noun ?? "entry"
                entry = "\(noun.prefix(1).uppercased() + noun.dropFirst()) \(instance): "
            }
            let custom = [question.requiredMessage, question.constraintMessage].contains { $0?.text == problem.message }
            let choices = form.choices(for: question)?.choices ?? []
            let first: String =
                switch question.type {
                case .selectOne, .selectMultiple, .likert:
                    "\(question.id)-\(choices.first?.value ?? "")"
                case .yesNo: "\(question.id)-yes"
                case .matrix:
                    "\(question.id).\(problem.item ?? question.items.first?.id ?? "")-\(choices.first?.value ?? "")"
                case .rank: "\(question.id).1"
                default: question.id
                }
            let label = Self.withoutFinalStop(text(question.label))
            return LocatedProblem(
                field: question.id + suffix, target: first + suffix, message: message,
                summary: entry + (custom ? message : "\(label): \(message)"))
        }
    }

    /// A label without its closing "?", "." or ":", to stand before a message ("How many staff: Enter a number").
    static func withoutFinalStop(_ label: String) -> String {
        var label = label.trimmingCharacters(in: .whitespaces)
        while let last = label.last, "?.:".contains(last) { label.removeLast() }
        return label
    }

    /// A message as a sentence: its first letter capitalised.
    static func sentence(_ message: String) -> String { message.prefix(1).uppercased() + message.dropFirst() }

    /// An error line: hidden until there is a message (the script fills it in).
    static func errorLine(id: String, message: String?) -> String {
        guard let message else { return "<p class=\"error-message\" id=\"\(escape(id))\" hidden></p>\n" }
        return "<p class=\"error-message\" id=\"\(escape(id))\"><span class=\"visually-hidden\">Error:</span> "
            + "\(escape(message))</p>\n"
    }

    /// One question's markup: label or legend, hint, error line and the inputs (with what was typed, if anything),
    /// every id, name and reference ending in the entry's `suffix`.
    private func block(_ question: Question, suffix: String, message: String?, fresh: Bool) -> String {
        let e = Self.escape
        // A fresh page (or entry) shows the form's default answers; a page shown again, what was typed.
        let fields = fresh ? defaults(question, suffix: suffix) : state.fields
        /// An id or name on this page: the question's, in this entry.
        func ref(_ base: String) -> String { e(base) + suffix }
        let id = question.id
        // Numbered as on paper, so skip logic in words ("question 2") can be followed without JavaScript.
        let label =
            (numbers[id].map { "<span class=\"question-number\">\($0).</span> " } ?? "") + e(text(question.label))
        let condition = question.relevant.map {
            "<p class=\"hint condition\">\(e(wording.instruction(for: $0)))</p>\n"
        }
        let hint =
            (question.hint.map { "<div class=\"hint\" id=\"\(ref("\(id)-hint"))\">\(e(text($0)))</div>\n" } ?? "")
            + (condition ?? "")
        let error = Self.errorLine(id: "\(id)-error\(suffix)", message: message)
        let described =
            "aria-describedby=\"\(question.hint == nil ? "" : "\(ref("\(id)-hint")) ")\(ref("\(id)-error"))\""
        let required = question.isRequired ? "" : " <span class=\"optional\">(optional)</span>"
        var html = "<div class=\"question\(message == nil ? "" : " question-error")\" data-q=\"\(e(id))\">\n"
        let choices = form.choices(for: question)?.choices ?? []
        func options(_ kind: String, values: [(String, String)]) -> String {
            let ticked = Set(fields.values(id + suffix))
            var out = ""
            for (index, (value, name)) in values.enumerated() {
                if index > 0 && choices.first(where: { $0.value == value })?.isMissing == true
                    && choices.first(where: { $0.value == values[index - 1].0 })?.isMissing != true
                {
                    out += "<p class=\"or\">or</p>\n"
                }
                out +=
                    "<div class=\"option\"><input type=\"\(kind)\" id=\"\(ref("\(id)-\(value)"))\" name=\"\(ref(id))\" "
                    + "value=\"\(e(value))\"\(ticked.contains(value) ? " checked" : "")><label "
                    + "for=\"\(ref("\(id)-\(value)"))\">\(e(name))</label></div>\n"
            }
            return out
        }
        let typed = fields.value(id + suffix) ?? ""
        switch question.type {
        case .note:
            return "<div class=\"question note\" data-q=\"\(e(id))\"><p>\(label)</p>\(hint)</div>\n"
        case .text, .email, .integer, .decimal, .date:
            let (kind, mode) =
                switch question.type {
                case .email: ("email", " autocomplete=\"email\"")
                case .integer: ("text", " inputmode=\"numeric\"")
                case .decimal: ("text", " inputmode=\"decimal\"")
                case .date: ("date", "")
                default: ("text", "")
                }
            html += "<label class=\"label\" for=\"\(ref(id))\">\(label)\(required)</label>\n\(hint)\(error)"
            html +=
                "<input class=\"input\" type=\"\(kind)\" id=\"\(ref(id))\" name=\"\(ref(id))\"\(mode) "
                + "value=\"\(e(typed))\" \(described)>\n"
        case .longText:
            html += "<label class=\"label\" for=\"\(ref(id))\">\(label)\(required)</label>\n\(hint)\(error)"
            // The newline after the tag is dropped by HTML parsers, so an answer's own first line break is kept.
            html +=
                "<textarea class=\"textarea\" id=\"\(ref(id))\" name=\"\(ref(id))\" rows=\"5\" \(described)>\n"
                + "\(e(typed))</textarea>\n"
        case .selectOne, .likert, .yesNo, .selectMultiple:
            let values =
                question.type == .yesNo ? [("yes", "Yes"), ("no", "No")] : choices.map { ($0.value, text($0.label)) }
            html += "<fieldset class=\"fieldset\" \(described)>\n<legend>\(label)\(required)</legend>\n\(hint)\(error)"
            html += options(question.type == .selectMultiple ? "checkbox" : "radio", values: values)
            html += "</fieldset>\n"
        case .matrix:
            html += "<fieldset class=\"fieldset\" \(described)>\n<legend>\(label)\(required)</legend>\n\(hint)\(error)"
            html += "<table class=\"matrix\"><thead><tr><th scope=\"col\">Statement</th>"
            for choice in choices { html += "<th scope=\"col\">\(e(text(choice.label)))</th>" }
            html += "</tr></thead><tbody>\n"
            for item in question.items {
                let name = "\(id).\(item.id)"
                let rated = fields.value(name + suffix)
                html += "<tr><th scope=\"row\" id=\"\(ref("\(name)-label"))\">\(e(text(item.label)))</th>"
                for choice in choices {
                    let option = "\(name)-\(choice.value)"
                    html +=
                        "<td><input type=\"radio\" name=\"\(ref(name))\" id=\"\(ref(option))\" "
                        + "value=\"\(e(choice.value))\"\(rated == choice.value ? " checked" : "") "
                        + "aria-labelledby=\"\(ref("\(name)-label")) \(ref("\(option)-h"))\">"
                        + "<span class=\"visually-hidden\" id=\"\(ref("\(option)-h"))\">"
                        + "\(e(text(choice.label)))</span></td>"
                }
                html += "</tr>\n"
            }
            html += "</tbody></table>\n</fieldset>\n"
        case .rank:
            html += "<fieldset class=\"fieldset\" \(described)>\n<legend>\(label)\(required)</legend>\n\(hint)\(error)"
            for position in choices.indices {
                let name = "\(id).\(position + 1)"
                let chosen = fields.value(name + suffix)
                html +=
                    "<div class=\"rank\"><label for=\"\(ref(name))\">Choice \(position + 1)</label> "
                    + "<select id=\"\(ref(name))\" name=\"\(ref(name))\"><option value=\"\">Not ranked</option>"
                for choice in choices {
                    html +=
                        "<option value=\"\(e(choice.value))\"\(chosen == choice.value ? " selected" : "")>"
                        + "\(e(text(choice.label)))</option>"
                }
                html += "</select></div>\n"
            }
            html += "</fieldset>\n"
        case .file:
            html += "<label class=\"label\" for=\"\(ref(id))\">\(label)\(required)</label>\n\(hint)\(error)"
            if state.action == nil {
                html +=
                    "<p class=\"hint\">Keep the file beside your answers: it is attached when the answers are "
                    + "sent (<code>canvass finalize … --attach \(e(id))=FILE</code>).</p>\n"
            }
            let accept = question.accept.isEmpty ? "" : " accept=\"\(e(question.accept.joined(separator: ",")))\""
            html +=
                "<input class=\"input\" type=\"file\" id=\"\(ref(id))\" name=\"\(ref(id))\"\(accept) \(described)>\n"
        case .calculate:
            return ""
        }
        return html + "</div>\n"
    }

    /// Where the page keeps progress in the browser: per form, version and (online) access key.
    public static func storageKey(form: Form, tokenID: String?) -> String {
        "canvass:\(form.id):\(form.version)" + (tokenID.map { ":\($0)" } ?? "")
    }

    /// A question's `default` answer as the fields that would post it.
    private func defaults(_ question: Question, suffix: String) -> WebFields {
        guard let value = question.defaultValue else { return WebFields() }
        let name = question.id + suffix
        let substantive = form.choices(for: question)?.substantive ?? []
        func text(_ value: JSONValue) -> String? {
            switch value {
            case .string(let text): text
            case .number: value.canonicalText
            default: nil
            }
        }
        switch (question.type, value) {
        case (.likert, .number(let point)) where point >= 1 && Int(point) <= substantive.count:
            return WebFields([(name, substantive[Int(point) - 1].value)])
        case (.yesNo, .bool(let flag)):
            return WebFields([(name, flag ? "yes" : "no")])
        case (.rank, .array(let items)):
            return WebFields(
                items.enumerated().compactMap { item in
                    text(item.element).map { ("\(question.id).\(item.offset + 1)\(suffix)", $0) }
                })
        case (_, .array(let items)):
            return WebFields(items.compactMap(text).map { (name, $0) })
        default:
            return WebFields(text(value).map { [(name, $0)] } ?? [])
        }
    }

    /// The form as the page's script needs it: each question's type, options and compiled expressions.
    private func formScript() -> String {
        let js = ExpressionJavaScript.self
        func function(_ expression: FormExpression?) -> String {
            expression.map { "c => \(js.compile($0))" } ?? "null"
        }
        var sections: [String] = []
        for section in form.sections {
            var questions: [String] = []
            for question in section.questions {
                let choices = form.choices(for: question)
                let scale = (choices?.substantive ?? []).map { js.string($0.value) }.joined(separator: ",")
                let missing = (choices?.missing ?? []).map { js.string($0.value) }.joined(separator: ",")
                let exclusive = (choices?.choices ?? []).filter(\.isExclusive).map {
                    "[\(js.string($0.value)), \(js.string(text($0.label)))]"
                }.joined(separator: ",")
                let items = question.items.map { js.string($0.id) }.joined(separator: ",")
                questions.append(
                    "{id: \(js.string(question.id)), type: \(js.string(question.type.rawValue)), "
                        + "required: \(question.isRequired), label: \(js.string(text(question.label))), "
                        + "requiredMessage: \(js.string(question.requiredMessage.map { text($0) } ?? "")), "
                        + "constraintMessage: \(js.string(question.constraintMessage.map { text($0) } ?? "")), "
                        + "summaryLabel: \(js.string(Self.withoutFinalStop(text(question.label)))), "
                        + "scale: [\(scale)], missing: [\(missing)], exclusive: [\(exclusive)], items: [\(items)], "
                        + "relevant: \(function(question.relevant)), constraint: \(function(question.constraint)), "
                        + "calculation: \(function(question.calculation))}")
            }
            let noun = section.repeatRule.map { $0.noun ?? "entry" } ?? ""
            sections.append(
                "{id: \(js.string(section.id)), repeat: \(section.isRepeat), "
                    + "minimum: \(section.repeatRule?.minimum ?? 0), maximum: \(section.repeatRule?.maximum ?? 0), "
                    + "noun: \(js.string(noun.prefix(1).uppercased() + noun.dropFirst())), "
                    + "relevant: \(function(section.relevant)), "
                    + "questions: [\n\(questions.joined(separator: ",\n"))]}")
        }
        return "{id: \(js.string(form.id)), version: \(js.string(form.version)), online: \(state.action != nil), "
            + "storageKey: \(js.string(Self.storageKey(form: form, tokenID: state.tokenID))), "
            + "sections: [\n\(sections.joined(separator: ",\n"))]}"
    }
}

extension WebQuestionnaire {
    /// The page's behaviour: reading answers, skip logic and calculations, checks with an error summary,
    /// repeat entries, progress in localStorage, and saving the answers file.
    static let pageScript = #"""
        (() => {
          const form = document.getElementById("canvass-form");
          const storageKey = FORM.storageKey;
          const today = new Date().toISOString().slice(0, 10);
          let counter = 0;
          const byId = id => document.getElementById(id);
          const checked = name => Array.from(document.getElementsByName(name)).filter(e => e.checked).map(e => e.value);

          function read(q, suffix) {
            const n = q.id + suffix;
            switch (q.type) {
              case "text": case "long_text": case "email": {
                const el = byId(n); const v = el ? el.value : "";
                return v.trim() === "" ? R.empty : {t: "s", v};
              }
              case "integer": case "decimal": {
                const el = byId(n); const v = el ? el.value.trim() : "";
                if (v === "") return R.empty;
                // As the collector reads numbers (NumberText): commas only between thousands.
                return /^-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$/.test(v) ? R.num(Number(v.replace(/,/g, ""))) : {t: "s", v, bad: true};
              }
              case "date": { const el = byId(n); return el && el.value ? {t: "d", v: el.value} : R.empty; }
              case "file": { const el = byId(n); return FORM.online && el && el.files && el.files.length ? R.str(el.files[0].name) : R.empty; }
              case "select_one": { const v = checked(n)[0]; return v === undefined ? R.empty : R.str(v); }
              case "yes_no": { const v = checked(n)[0]; return v === undefined ? R.empty : {t: "b", v: v === "yes"}; }
              case "likert": {
                const v = checked(n)[0];
                if (v === undefined) return R.empty;
                const point = q.scale.indexOf(v);
                return point >= 0 ? R.num(point + 1) : R.str(v);
              }
              case "select_multiple": { const v = checked(n); return v.length ? {t: "l", v} : R.empty; }
              case "rank": {
                const v = [];
                for (let k = 1; byId(q.id + "." + k + suffix); k++) {
                  const x = byId(q.id + "." + k + suffix).value;
                  if (x) v.push(x);
                }
                return v.length ? {t: "l", v, rank: true} : R.empty;
              }
              case "matrix": {
                const m = {};
                for (const item of q.items) {
                  const v = checked(n.replace(suffix, "") + "." + item + suffix)[0];
                  if (v !== undefined) { const point = q.scale.indexOf(v); m[item] = point >= 0 ? point + 1 : v; }
                }
                return Object.keys(m).length ? {t: "e", matrix: m} : R.empty;
              }
            }
            return R.empty;
          }

          function entriesOf(section) {
            const box = byId("entries-" + section.id);
            return box ? Array.from(box.children).filter(e => e.classList.contains("entry")) : [];
          }

          function context(state, entry) {
            return {
              answer: id => entry && id in entry ? entry[id] : (id in state.top ? state.top[id] : R.empty),
              current: R.empty,
              repeatCount: id => (state.sections[id] || []).length,
              repeatAnswers: id => {
                for (const s in state.sections) {
                  const values = state.sections[s].filter(e => id in e).map(e => e[id]);
                  if (values.length) return values;
                }
                return [];
              },
              today,
            };
          }

          // Every answer as the expressions see it, which questions are shown, and the calculations.
          function collect() {
            const state = {top: {}, sections: {}, shown: new Map(), raw: new Map()};
            for (const s of FORM.sections) {
              if (s.repeat) {
                state.sections[s.id] = entriesOf(s).map(el => {
                  const values = {};
                  for (const q of s.questions) { values[q.id] = read(q, el.dataset.suffix); state.raw.set(q.id + el.dataset.suffix, values[q.id]); }
                  return values;
                });
              } else {
                for (const q of s.questions) { state.top[q.id] = read(q, ""); state.raw.set(q.id, state.top[q.id]); }
              }
            }
            for (let pass = 0; pass < 3; pass++) {
              for (const s of FORM.sections) {
                const sectionOn = !s.relevant || R.isTrue(s.relevant(context(state, null)));
                const scopes = s.repeat
                  ? entriesOf(s).map((el, i) => ({values: state.sections[s.id][i], suffix: el.dataset.suffix}))
                  : [{values: state.top, suffix: ""}];
                for (const scope of scopes) {
                  for (const q of s.questions) {
                    const c = context(state, s.repeat ? scope.values : null);
                    const on = sectionOn && (!q.relevant || R.isTrue(q.relevant(c)));
                    state.shown.set(q.id + scope.suffix, on);
                    if (q.type === "calculate") scope.values[q.id] = on && q.calculation ? q.calculation(c) : R.empty;
                    else scope.values[q.id] = on ? state.raw.get(q.id + scope.suffix) : R.empty;
                  }
                }
                state.shown.set("section:" + s.id, sectionOn);
              }
            }
            return state;
          }

          function show(state) {
            for (const s of FORM.sections) {
              const section = byId("section-" + s.id);
              if (section) section.hidden = !state.shown.get("section:" + s.id);
              const scopes = s.repeat ? entriesOf(s).map(el => [el, el.dataset.suffix]) : [[section, ""]];
              for (const [root, suffix] of scopes) {
                if (!root) continue;
                for (const q of s.questions) {
                  const block = Array.from(root.querySelectorAll(".question")).find(b => b.dataset.q === q.id);
                  if (block) block.hidden = !state.shown.get(q.id + suffix);
                }
              }
            }
          }

          function json(value) {
            switch (value.t) {
              case "s": case "d": return value.v;
              case "n": case "b": return value.v;
              case "l": return value.v;
              case "e": return value.matrix;
            }
          }

          function check(q, value, c) {
            if (q.type === "note" || q.type === "calculate" || (q.type === "file" && !FORM.online)) return null;
            const blank = value.t === "e" && !value.matrix;
            if (blank) return q.required ? (q.requiredMessage || "Answer this question: " + q.label) : null;
            if (value.bad) return q.type === "integer" ? "Enter a whole number, like 12" : "Enter a number, like 7.5";
            if (q.type === "integer" && !Number.isInteger(value.v)) return "Enter a whole number, like 12";
            if (q.type === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value.v)) return "Enter an email address, like name@example.org";
            if (q.type === "select_multiple" && value.v.length > 1) {
              const alone = q.exclusive.find(([v]) => value.v.includes(v));
              if (alone) return "“" + alone[1] + "” cannot be ticked together with other options";
            }
            if (q.type === "rank" && new Set(value.v).size !== value.v.length) return "Each option may appear only once in a ranking";
            if (q.constraint && !R.isTrue(q.constraint({...c, current: value}))) return q.constraintMessage || "Check this answer";
            return null;
          }

          // The first input of a question (the one an error summary link moves to).
          function firstField(id, suffix) {
            const block = Array.from(document.querySelectorAll(".question")).find(b =>
              b.dataset.q === id && (!suffix || (b.closest(".entry") && b.closest(".entry").dataset.suffix === suffix))
              && !b.closest("template"));
            return block ? block.querySelector("input, select, textarea") : null;
          }

          function validate(state) {
            const problems = [];
            for (const s of FORM.sections) {
              if (!state.shown.get("section:" + s.id)) continue;
              const scopes = s.repeat
                ? entriesOf(s).map((el, i) => ({values: state.sections[s.id][i], suffix: el.dataset.suffix}))
                : [{values: state.top, suffix: ""}];
              for (const [index, scope] of scopes.entries()) {
                const entry = s.repeat ? s.noun + " " + (index + 1) + ": " : "";
                for (const q of s.questions) {
                  if (!state.shown.get(q.id + scope.suffix)) continue;
                  const message = check(q, state.raw.get(q.id + scope.suffix), context(state, s.repeat ? scope.values : null));
                  if (message) {
                    // The form's own messages stand alone in the summary; generic ones are given their question.
                    const own = message === q.requiredMessage || message === q.constraintMessage || message.startsWith("Answer this question: ");
                    problems.push({id: q.id, suffix: scope.suffix, name: q.id + scope.suffix, message, summary: entry + (own ? message : q.summaryLabel + ": " + message)});
                  }
                }
              }
            }
            for (const el of document.querySelectorAll(".error-message")) { el.hidden = true; el.textContent = ""; }
            for (const el of document.querySelectorAll(".question-error")) el.classList.remove("question-error");
            const list = byId("error-list");
            list.textContent = "";
            for (const p of problems) {
              const line = byId(p.id + "-error" + p.suffix);
              if (line) {
                line.hidden = false;
                line.innerHTML = '<span class="visually-hidden">Error:</span> ';
                line.appendChild(document.createTextNode(p.message));
                line.closest(".question").classList.add("question-error");
              }
              const target = firstField(p.id, p.suffix);
              const item = document.createElement("li");
              const link = document.createElement("a");
              link.href = "#" + (target && target.id ? target.id : p.name);
              link.textContent = p.summary;
              link.addEventListener("click", event => { if (target) { event.preventDefault(); target.focus(); } });
              item.appendChild(link);
              list.appendChild(item);
            }
            const summary = byId("error-summary");
            summary.hidden = problems.length === 0;
            if (problems.length) summary.focus();
            return problems.length === 0;
          }

          function answers(state) {
            const out = {};
            for (const s of FORM.sections) {
              if (!state.shown.get("section:" + s.id)) continue;
              if (s.repeat) {
                const entries = entriesOf(s).map((el, i) => {
                  const entry = {};
                  for (const q of s.questions) {
                    const value = state.raw.get(q.id + el.dataset.suffix);
                    if (q.type !== "calculate" && state.shown.get(q.id + el.dataset.suffix) && json(value) !== undefined) entry[q.id] = json(value);
                  }
                  return entry;
                });
                if (entries.length) out[s.id] = entries;
              } else {
                for (const q of s.questions) {
                  const value = state.raw.get(q.id);
                  if (q.type !== "calculate" && state.shown.get(q.id) && json(value) !== undefined) out[q.id] = json(value);
                }
              }
            }
            return out;
          }

          // Repeat entries: the template cloned with every id, name and reference made unique (the page's own
          // fields, named canvass-…, keep their names; the entry's marker says which entry it is).
          function addEntry(section, focus, number) {
            const template = byId("template-" + section.id);
            const box = byId("entries-" + section.id);
            counter = Math.max(counter, number || 0);
            const suffix = "__" + (number || ++counter);
            const entry = template.content.firstElementChild.cloneNode(true);
            entry.dataset.suffix = suffix;
            for (const el of [entry, ...entry.querySelectorAll("*")]) {
              for (const attribute of ["id", "for", "name", "aria-describedby", "aria-labelledby"]) {
                const v = el.getAttribute(attribute);
                if (v && !v.startsWith("canvass-")) el.setAttribute(attribute, v.split(" ").map(token => token + suffix).join(" "));
              }
            }
            entry.querySelector("[data-entry]").value = section.id + suffix;
            for (const el of entry.querySelectorAll(".condition")) el.hidden = true;
            entry.querySelector(".remove").value = "remove:" + section.id + suffix;
            wire(entry, section);
            box.appendChild(entry);
            renumber(section);
            if (focus) { const first = entry.querySelector("input:not([type=hidden]), select, textarea"); if (first) first.focus(); }
            return entry;
          }

          function wire(entry, section) {
            entry.querySelector(".remove").addEventListener("click", event => {
              event.preventDefault();
              entry.remove();
              renumber(section);
              update();
              document.querySelector('button.add[data-add="' + section.id + '"]').focus();
            });
          }

          // Entries numbered from 1; "Add another" goes once the section has as many as it takes.
          function renumber(section) {
            const entries = entriesOf(section);
            entries.forEach((el, i) => { el.querySelector(".entry-number").textContent = String(i + 1); });
            const add = document.querySelector('button.add[data-add="' + section.id + '"]');
            if (add && section.maximum) {
              add.hidden = entries.length >= section.maximum;
              byId("full-" + section.id).hidden = !add.hidden;
            }
          }

          function save() {
            const fields = {};
            for (const el of form.querySelectorAll("input, select, textarea")) {
              if (!el.id || el.type === "file" || el.type === "hidden") continue;
              fields[el.id] = el.type === "radio" || el.type === "checkbox" ? el.checked : el.value;
            }
            const entries = {};
            for (const s of FORM.sections) if (s.repeat) entries[s.id] = entriesOf(s).map(el => el.dataset.suffix);
            // The response id too: a page opened again after a lost confirmation sends the same response.
            const id = form.elements["canvass-id"], deprecates = form.elements["canvass-deprecates"];
            const saved = {fields, entries, counter, id: id ? id.value : null, deprecates: deprecates ? deprecates.value : null};
            try { localStorage.setItem(storageKey, JSON.stringify(saved)); } catch (e) {}
          }

          // The entries the page came with; on a fresh page, what was saved in this browser replaces them.
          function restore() {
            for (const s of FORM.sections) {
              if (!s.repeat) continue;
              for (const el of entriesOf(s)) { wire(el, s); counter = Math.max(counter, Number(el.dataset.suffix.slice(2))); }
            }
            if (form.dataset.fresh !== "true") return;
            let saved = null;
            try { saved = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) {}
            if (!saved) return;
            for (const s of FORM.sections) {
              const suffixes = s.repeat && saved.entries && saved.entries[s.id];
              if (!suffixes) continue;
              for (const el of entriesOf(s)) el.remove();
              for (const suffix of suffixes) addEntry(s, false, Number(suffix.slice(2)));
            }
            counter = Math.max(counter, saved.counter || 0);
            if (saved.id && form.elements["canvass-id"]) form.elements["canvass-id"].value = saved.id;
            if (saved.deprecates && !form.elements["canvass-deprecates"]) {
              const field = document.createElement("input");
              field.type = "hidden"; field.name = "canvass-deprecates"; field.value = saved.deprecates;
              form.appendChild(field);
            }
            for (const [id, value] of Object.entries(saved.fields || {})) {
              const el = byId(id);
              if (!el) continue;
              if (el.type === "radio" || el.type === "checkbox") el.checked = value; else el.value = value;
            }
          }

          function update() { show(collect()); save(); }

          for (const button of document.querySelectorAll("button.add")) {
            const section = FORM.sections.find(s => s.id === button.dataset.add);
            button.addEventListener("click", event => { event.preventDefault(); addEntry(section, true); update(); });
          }
          form.addEventListener("input", update);
          form.addEventListener("change", update);
          form.addEventListener("submit", event => {
            const state = collect();
            show(state);
            if (!validate(state)) { event.preventDefault(); return; }
            // Online, the checked answers are posted as the form's fields, and the collector checks them again.
            if (FORM.online) return;
            event.preventDefault();
            const text = JSON.stringify(answers(state), null, 2) + "\n";
            byId("answers-output").value = text;
            byId("download").href = URL.createObjectURL(new Blob([text], {type: "application/json"}));
            byId("result").hidden = false;
            byId("result-title").setAttribute("tabindex", "-1");
            byId("result-title").focus();
          });
          for (const link of document.querySelectorAll("#error-list a")) {
            link.addEventListener("click", event => {
              const target = byId(link.hash.slice(1));
              if (target) { event.preventDefault(); target.focus(); }
            });
          }
          // With the script running, skip logic shows and hides questions itself: the words for it are not needed.
          for (const el of document.querySelectorAll(".condition")) el.hidden = true;
          restore();
          update();
          if (!byId("error-summary").hidden) byId("error-summary").focus();
        })();
        """#

    static let style = """
        body{font:19px/1.4 Arial,Helvetica,sans-serif;color:#0b0c0c;margin:0}
        main{max-width:40rem;margin:0 auto;padding:1.5rem}
        h1{font-size:2rem;margin:0 0 1rem}h2{font-size:1.4rem;margin:2rem 0 .5rem}
        .hint,.description{color:#505a5f}.optional{color:#505a5f;font-weight:normal}
        .question{margin:0 0 1.6rem}.label,legend{font-weight:bold;display:block;margin-bottom:.3rem}
        .fieldset{border:0;padding:0;margin:0}
        .input,.textarea,select{font:inherit;border:2px solid #0b0c0c;padding:.3rem;max-width:100%}
        .input{width:20rem}.textarea{width:100%}
        .option{display:flex;align-items:center;gap:.5rem;margin:.35rem 0}.option input{width:1.4rem;height:1.4rem}
        .or{margin:.3rem 0}
        input:focus,input:focus-within,textarea:focus,select:focus,button:focus,a:focus{outline:3px solid #fd0;outline-offset:0;\
        box-shadow:inset 0 0 0 2px #0b0c0c}
        .error-summary{border:5px solid #d4351c;padding:1rem;margin-bottom:1.5rem}
        .error-summary a{color:#d4351c;font-weight:bold}
        .question-error{border-left:5px solid #d4351c;padding-left:.8rem}
        .error-message{color:#d4351c;font-weight:bold;margin:.2rem 0}
        .question-error .input,.question-error .textarea{border-color:#d4351c}
        button{font:inherit;padding:.5rem 1rem;border:0;cursor:pointer}
        .primary{background:#00703c;color:#fff;box-shadow:0 2px 0 #002d18;display:inline-block;padding:.5rem 1rem;\
        text-decoration:none}
        .secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191;margin:.5rem 0}
        .entry{border:2px solid #b1b4b6;padding:1rem;margin:0 0 1rem}.entry-title{font-size:1.2rem}
        .matrix{border-collapse:collapse}.matrix th,.matrix td{border-bottom:1px solid #b1b4b6;padding:.3rem;text-align:center}
        .matrix th[scope=row]{text-align:left;font-weight:normal}
        .answering-for{border-left:5px solid #1d70b8;padding:.5rem 1rem;background:#f3f2f1}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        .default-button{position:absolute;left:-9999px}
        textarea#answers-output{width:100%;font:14px monospace}
        [hidden]{display:none!important}
        """
}

/// The description rendering, for tests.
public enum WebQuestionnaireDescription {
    /// A form description's Markdown (paragraphs, "- " lists, **bold**) as escaped HTML.
    public static func render(_ markdown: String) -> String { WebQuestionnaire.paragraphs(markdown) }
}
