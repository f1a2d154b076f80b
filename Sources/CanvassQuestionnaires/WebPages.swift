public import CanvassForms
import CanvassResponses

/// The collector's other pages around the questionnaire, in its style: the confirmation after sending, and short
/// pages that say what went wrong and what to do (no token, a refused token, an unknown form).
public enum WebPages {
    /// The confirmation: the reference the response is stored under, when it arrived, and what happens next. It
    /// clears the progress kept in the browser, which is no longer needed.
    public static func confirmation(form: Form, responseID: String, receivedAt: String, tokenID: String?) -> String {
        let e = HTMLText.escape
        let key = ExpressionJavaScript.string(WebQuestionnaire.storageKey(form: form, tokenID: tokenID))
        return page(
            title: "Your answers have been sent – \(form.title.text)",
            body: """
                <div class="panel" role="status">
                <h1>Your answers have been sent</h1>
                <p>Your reference<br><strong id="response-id">\(e(responseID))</strong></p>
                </div>
                <p>The council received your answers to “\(e(form.title.text))” on \
                <time id="received-at" datetime="\(e(receivedAt))">\(e(Self.readable(receivedAt)))</time> (UTC).</p>
                <h2>What happens next</h2>
                <p>Keep the reference. If you need to change your answers or send something more, contact the \
                council and quote it. Sending the same page again does not store your answers twice.</p>
                <script>try { localStorage.removeItem(\(key)); } catch (e) {}</script>
                """)
    }

    /// A receipt's time as people read it: `2026-11-29T04:52:01.170Z` → "29 November 2026 at 04:52".
    static func readable(_ time: String) -> String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        let parts = time.split(whereSeparator: { "-T:".contains($0) }).map(String.init)
        guard parts.count >= 5, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month),
            let day = Int(parts[2])
        else { return time }
        return "\(day) \(months[month - 1]) \(year) at \(parts[3]):\(parts[4])"
    }

    /// A page that explains a problem in a heading and paragraphs (plain text, escaped here).
    public static func message(title: String, paragraphs: [String], signIn: String? = nil) -> String {
        let e = HTMLText.escape
        var body = "<h1>\(e(title))</h1>\n" + paragraphs.map { "<p>\(e($0))</p>\n" }.joined()
        if let signIn {
            body += """
                <form method="get" action="\(e(signIn))">
                <div class="question"><label class="label" for="token">Access key</label>
                <div class="hint" id="token-hint">It starts with canvass_ and is in the message the council sent you.</div>
                <input class="input" type="password" id="token" name="token" autocomplete="off" \
                aria-describedby="token-hint"></div>
                <button type="submit" class="primary">Continue</button>
                </form>

                """
        }
        return page(title: title, body: body)
    }

    private static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title))</title>
        <style>\(WebQuestionnaire.style)
        .panel{background:#00703c;color:#fff;padding:1.5rem;margin-bottom:1.5rem;text-align:center}\
        .panel h1{margin:0 0 1rem}.panel strong{font-size:1.4rem;word-break:break-all}</style>
        </head>
        <body>
        <main id="main">
        \(body)
        </main>
        </body>
        </html>

        """
    }
}
