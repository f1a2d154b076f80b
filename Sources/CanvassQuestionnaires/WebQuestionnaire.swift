public import CanvassForms
import CanvassResponses
import Foundation

/// The web questionnaire as one self-contained page that works from a file, offline: every question is in the
/// HTML (so it can be read and answered without JavaScript), and with JavaScript the form's own skip logic,
/// calculations and checks run in the browser — compiled from the same expressions the validator evaluates —
/// progress is kept in the browser, repeat sections have "Add another", and at the end the answers are saved as
/// an answers file for `canvass finalize`.
public struct WebQuestionnaire: Sendable {
    public let form: Form
    public let language: String?

    public init(form: Form, language: String? = nil) {
        self.form = form
        self.language = language
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
        var html = """
            <!DOCTYPE html>
            <html lang="\(e(language ?? form.languages.first ?? "en"))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(text(form.title)))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <main id="main">
            <h1>\(e(text(form.title)))</h1>

            """
        html += Self.paragraphs(text(form.description))
        html += """
            <div class="error-summary" id="error-summary" tabindex="-1" hidden>
            <h2 id="error-summary-title">There is a problem</h2>
            <ul id="error-list"></ul>
            </div>
            <form id="canvass-form" novalidate>

            """
        for section in form.sections {
            let visibleQuestions = section.questions.filter { $0.type != .calculate }
            guard !visibleQuestions.isEmpty else { continue }
            html += "<section class=\"section\" id=\"section-\(e(section.id))\" data-section=\"\(e(section.id))\">\n"
            if let title = section.title { html += "<h2>\(e(text(title)))</h2>\n" }
            if let description = section.description {
                html += "<p class=\"hint\">\(e(text(description).replacingOccurrences(of: "\n", with: " ")))</p>\n"
            }
            if let rule = section.repeatRule {
                let noun = rule.noun ?? "entry"
                html += "<div class=\"entries\" id=\"entries-\(e(section.id))\" data-noun=\"\(e(noun))\"></div>\n"
                html +=
                    "<template id=\"template-\(e(section.id))\">\n<fieldset class=\"entry\">"
                    + "<legend class=\"entry-title\">\(e(noun.prefix(1).uppercased() + noun.dropFirst())) "
                    + "<span class=\"entry-number\"></span></legend>\n"
                for question in visibleQuestions { html += block(question, section: section.id) }
                html += "<button type=\"button\" class=\"secondary remove\">Remove this \(e(noun))</button>\n"
                html += "</fieldset>\n</template>\n"
                html +=
                    "<button type=\"button\" class=\"secondary add\" data-add=\"\(e(section.id))\">"
                    + "Add another \(e(noun))</button>\n"
                html += "<noscript><p class=\"hint\">Adding a \(e(noun)) needs JavaScript.</p></noscript>\n"
            } else {
                for question in visibleQuestions { html += block(question, section: nil) }
            }
            html += "</section>\n"
        }
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

    /// One question's markup: label or legend, hint, error line and the inputs.
    private func block(_ question: Question, section: String?) -> String {
        let e = Self.escape
        let id = e(question.id)
        let label = e(text(question.label))
        let hint = question.hint.map { "<div class=\"hint\" id=\"\(id)-hint\">\(e(text($0)))</div>\n" } ?? ""
        let error = "<p class=\"error-message\" id=\"\(id)-error\" hidden></p>\n"
        let described = "aria-describedby=\"\(question.hint == nil ? "" : "\(id)-hint ")\(id)-error\""
        let required = question.isRequired ? "" : " <span class=\"optional\">(optional)</span>"
        var html = "<div class=\"question\" data-q=\"\(id)\">\n"
        let choices = form.choices(for: question)?.choices ?? []
        func options(_ kind: String, values: [(String, String)]) -> String {
            var out = ""
            for (index, (value, name)) in values.enumerated() {
                if index > 0 && choices.first(where: { $0.value == value })?.isMissing == true
                    && choices.first(where: { $0.value == values[index - 1].0 })?.isMissing != true
                {
                    out += "<p class=\"or\">or</p>\n"
                }
                out +=
                    "<div class=\"option\"><input type=\"\(kind)\" id=\"\(id)-\(e(value))\" name=\"\(id)\" "
                    + "value=\"\(e(value))\"><label for=\"\(id)-\(e(value))\">\(e(name))</label></div>\n"
            }
            return out
        }
        switch question.type {
        case .note:
            return "<div class=\"question note\" data-q=\"\(id)\"><p>\(label)</p>\(hint)</div>\n"
        case .text, .email, .integer, .decimal, .date:
            let (kind, mode) =
                switch question.type {
                case .email: ("email", "")
                case .integer: ("text", " inputmode=\"numeric\"")
                case .decimal: ("text", " inputmode=\"decimal\"")
                case .date: ("date", "")
                default: ("text", "")
                }
            html += "<label class=\"label\" for=\"\(id)\">\(label)\(required)</label>\n\(hint)\(error)"
            html += "<input class=\"input\" type=\"\(kind)\" id=\"\(id)\" name=\"\(id)\"\(mode) \(described)>\n"
        case .longText:
            html += "<label class=\"label\" for=\"\(id)\">\(label)\(required)</label>\n\(hint)\(error)"
            html += "<textarea class=\"textarea\" id=\"\(id)\" name=\"\(id)\" rows=\"5\" \(described)></textarea>\n"
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
                let name = "\(id).\(e(item.id))"
                html += "<tr><th scope=\"row\" id=\"\(name)-label\">\(e(text(item.label)))</th>"
                for choice in choices {
                    html +=
                        "<td><input type=\"radio\" name=\"\(name)\" id=\"\(name)-\(e(choice.value))\" "
                        + "value=\"\(e(choice.value))\" aria-labelledby=\"\(name)-label \(name)-\(e(choice.value))-h\">"
                        + "<span class=\"visually-hidden\" id=\"\(name)-\(e(choice.value))-h\">"
                        + "\(e(text(choice.label)))</span></td>"
                }
                html += "</tr>\n"
            }
            html += "</tbody></table>\n</fieldset>\n"
        case .rank:
            html += "<fieldset class=\"fieldset\" \(described)>\n<legend>\(label)\(required)</legend>\n\(hint)\(error)"
            for position in choices.indices {
                let name = "\(id).\(position + 1)"
                html +=
                    "<div class=\"rank\"><label for=\"\(name)\">Choice \(position + 1)</label> "
                    + "<select id=\"\(name)\" name=\"\(name)\"><option value=\"\">Not ranked</option>"
                for choice in choices {
                    html += "<option value=\"\(e(choice.value))\">\(e(text(choice.label)))</option>"
                }
                html += "</select></div>\n"
            }
            html += "</fieldset>\n"
        case .file:
            html += "<label class=\"label\" for=\"\(id)\">\(label)\(required)</label>\n\(hint)\(error)"
            html +=
                "<p class=\"hint\">Keep the file beside your answers: it is attached when the answers are "
                + "sent (<code>canvass finalize … --attach \(id)=FILE</code>).</p>\n"
            html += "<input class=\"input\" type=\"file\" id=\"\(id)\" name=\"\(id)\" \(described)>\n"
        case .calculate:
            return ""
        }
        _ = section
        return html + "</div>\n"
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
                let items = question.items.map { js.string($0.id) }.joined(separator: ",")
                questions.append(
                    "{id: \(js.string(question.id)), type: \(js.string(question.type.rawValue)), "
                        + "required: \(question.isRequired), label: \(js.string(text(question.label))), "
                        + "requiredMessage: \(js.string(question.requiredMessage.map { text($0) } ?? "")), "
                        + "constraintMessage: \(js.string(question.constraintMessage.map { text($0) } ?? "")), "
                        + "scale: [\(scale)], missing: [\(missing)], items: [\(items)], "
                        + "relevant: \(function(question.relevant)), constraint: \(function(question.constraint)), "
                        + "calculation: \(function(question.calculation))}")
            }
            sections.append(
                "{id: \(js.string(section.id)), repeat: \(section.isRepeat), "
                    + "minimum: \(section.repeatRule?.minimum ?? 0), relevant: \(function(section.relevant)), "
                    + "questions: [\n\(questions.joined(separator: ",\n"))]}")
        }
        return "{id: \(js.string(form.id)), version: \(js.string(form.version)), "
            + "sections: [\n\(sections.joined(separator: ",\n"))]}"
    }
}

extension WebQuestionnaire {
    /// The page's behaviour: reading answers, skip logic and calculations, checks with an error summary,
    /// repeat entries, progress in localStorage, and saving the answers file.
    static let pageScript = #"""
        (() => {
          const form = document.getElementById("canvass-form");
          const storageKey = "canvass:" + FORM.id + ":" + FORM.version;
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
                return /^-?[0-9]+(\.[0-9]+)?$/.test(v) ? R.num(Number(v)) : {t: "s", v, bad: true};
              }
              case "date": { const el = byId(n); return el && el.value ? {t: "d", v: el.value} : R.empty; }
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
            if (q.type === "note" || q.type === "calculate" || q.type === "file") return null;
            const blank = value.t === "e" && !value.matrix;
            if (blank) return q.required ? (q.requiredMessage || "Answer this question: " + q.label) : null;
            if (value.bad) return q.type === "integer" ? "Enter a whole number, like 12" : "Enter a number, like 7.5";
            if (q.type === "integer" && !Number.isInteger(value.v)) return "Enter a whole number, like 12";
            if (q.type === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value.v)) return "Enter an email address, like name@example.org";
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
              for (const scope of scopes) {
                for (const q of s.questions) {
                  if (!state.shown.get(q.id + scope.suffix)) continue;
                  const message = check(q, state.raw.get(q.id + scope.suffix), context(state, s.repeat ? scope.values : null));
                  if (message) problems.push({id: q.id, suffix: scope.suffix, name: q.id + scope.suffix, message});
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
              link.textContent = p.message;
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

          // Repeat entries: the template cloned with every id, name and reference made unique.
          function addEntry(section, focus) {
            const template = byId("template-" + section.id);
            const box = byId("entries-" + section.id);
            const suffix = "__" + (++counter);
            const entry = template.content.firstElementChild.cloneNode(true);
            entry.dataset.suffix = suffix;
            for (const el of [entry, ...entry.querySelectorAll("*")]) {
              for (const attribute of ["id", "for", "name", "aria-describedby", "aria-labelledby"]) {
                const v = el.getAttribute(attribute);
                if (v) el.setAttribute(attribute, v.split(" ").map(token => token + suffix).join(" "));
              }
            }
            entry.querySelector(".remove").addEventListener("click", () => { entry.remove(); renumber(section); update(); });
            box.appendChild(entry);
            renumber(section);
            if (focus) { const first = entry.querySelector("input, select, textarea"); if (first) first.focus(); }
            return entry;
          }

          function renumber(section) {
            entriesOf(section).forEach((el, i) => { el.querySelector(".entry-number").textContent = String(i + 1); });
          }

          function save() {
            const fields = {};
            for (const el of form.querySelectorAll("input, select, textarea")) {
              if (!el.id || el.type === "file") continue;
              fields[el.id] = el.type === "radio" || el.type === "checkbox" ? el.checked : el.value;
            }
            const entries = {};
            for (const s of FORM.sections) if (s.repeat) entries[s.id] = entriesOf(s).map(el => el.dataset.suffix);
            try { localStorage.setItem(storageKey, JSON.stringify({fields, entries, counter})); } catch (e) {}
          }

          function restore() {
            let saved = null;
            try { saved = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) {}
            for (const s of FORM.sections) {
              if (!s.repeat) continue;
              const suffixes = saved && saved.entries && saved.entries[s.id];
              if (suffixes) {
                for (const suffix of suffixes) { counter = Number(suffix.slice(2)) - 1; addEntry(s, false); }
              } else {
                for (let i = 0; i < s.minimum; i++) addEntry(s, false);
              }
            }
            if (saved) {
              counter = Math.max(counter, saved.counter || 0);
              for (const [id, value] of Object.entries(saved.fields || {})) {
                const el = byId(id);
                if (!el) continue;
                if (el.type === "radio" || el.type === "checkbox") el.checked = value; else el.value = value;
              }
            }
          }

          function update() { show(collect()); save(); }

          for (const button of document.querySelectorAll("button.add")) {
            const section = FORM.sections.find(s => s.id === button.dataset.add);
            button.addEventListener("click", () => { addEntry(section, true); update(); });
          }
          form.addEventListener("input", update);
          form.addEventListener("change", update);
          form.addEventListener("submit", event => {
            event.preventDefault();
            const state = collect();
            show(state);
            if (!validate(state)) return;
            const text = JSON.stringify(answers(state), null, 2) + "\n";
            byId("answers-output").value = text;
            byId("download").href = URL.createObjectURL(new Blob([text], {type: "application/json"}));
            byId("result").hidden = false;
            byId("result-title").setAttribute("tabindex", "-1");
            byId("result-title").focus();
          });
          restore();
          update();
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
        input:focus,textarea:focus,select:focus,button:focus,a:focus{outline:3px solid #fd0;outline-offset:0;\
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
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        textarea#answers-output{width:100%;font:14px monospace}
        [hidden]{display:none!important}
        """
}

/// The description rendering, for tests.
public enum WebQuestionnaireDescription {
    /// A form description's Markdown (paragraphs, "- " lists, **bold**) as escaped HTML.
    public static func render(_ markdown: String) -> String { WebQuestionnaire.paragraphs(markdown) }
}
