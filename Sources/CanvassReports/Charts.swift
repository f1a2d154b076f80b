import CanvassResponses
public import CanvassStats
import Foundation

/// SVG charts of a question's comparison: accessible (a title and a description), colour-blind-safe, no scripts,
/// styled inside so that they read the same alone (beside a Markdown report) as in the HTML report.
public enum Chart {
    /// Okabe and Ito's palette, for groups.
    static let groupColours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    /// A diverging palette (ColorBrewer PuOr, colour-blind safe) of `count` points, negative to positive.
    static func scaleColours(_ count: Int) -> [String] {
        let palettes: [Int: [String]] = [
            2: ["#f1a340", "#998ec3"], 3: ["#f1a340", "#d9d9d9", "#998ec3"],
            4: ["#e66101", "#fdb863", "#b2abd2", "#5e3c99"],
            5: ["#e66101", "#fdb863", "#d9d9d9", "#b2abd2", "#5e3c99"],
            6: ["#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"],
            7: ["#b35806", "#f1a340", "#fee0b6", "#d9d9d9", "#d8daeb", "#998ec3", "#542788"],
        ]
        if let palette = palettes[count] { return palette }
        // Longer scales: PuOr's ends through a light grey, evenly spaced.
        let (low, middle, high) = ((0xb3, 0x58, 0x06), (0xe8, 0xe8, 0xe8), (0x54, 0x27, 0x88))
        return (0..<count).map { i in
            let t = Double(i) / Double(max(count - 1, 1))
            let (a, b, u) = t < 0.5 ? (low, middle, t * 2) : (middle, high, (t - 0.5) * 2)
            func mix(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * u).rounded()) }
            return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
        }
    }

    /// The chart for a question, or nil for types without one (text) or when no group has a figure.
    public static func svg(_ question: QuestionComparison, in comparison: Comparison) -> String? {
        let hasFigures =
            question.rows.contains { $0.percents.contains { $0 != nil } }
            || question.summary.contains { $0.q1 != nil && $0.q3 != nil }
        guard hasFigures else { return nil }
        switch question.type {
        case "likert": return diverging(question, comparison)
        case "select_one", "yes_no", "select_multiple", "rank": return bars(question, comparison)
        case "integer", "decimal": return boxes(question, comparison)
        default: return nil
        }
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static func short(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    /// About how wide text is drawn at 11px (a conservative average character width).
    static func textWidth(_ text: String, size: Double = 11) -> Double { Double(text.count) * size * 0.58 }

    /// Why a group has no figure: suppressed (its count is hidden) or no answers.
    static func missingWord(_ count: Int?) -> String { count == nil ? "suppressed (*)" : "no answers" }

    private static func frame(
        _ question: QuestionComparison, width: Int, height: Int, description: String, body: String
    ) -> String {
        let id = question.id.replacingOccurrences(of: ".", with: "-")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \(width) \(height)" \
            width="\(width)" height="\(height)" aria-labelledby="chart-title-\(id)" \
            aria-describedby="chart-desc-\(id)" font-family="system-ui, Helvetica, Arial, sans-serif" \
            font-size="11" fill="#1b1b1b">\
            <title id="chart-title-\(id)">\(escape(question.label))</title>\
            <desc id="chart-desc-\(id)">\(escape(description))</desc>\
            <style>.tick,.legend,.value{font-size:10px;fill:#333}.grid{stroke:#e4e4e4}</style>\(body)</svg>
            """
    }

    /// A legend of coloured keys, wrapped into rows within `width`; returns its SVG and height.
    private static func legend(_ items: [(label: String, colour: String)], x: Double, width: Double) -> (String, Int) {
        var body = ""
        var (left, row) = (x, 0)
        for item in items {
            let text = short(item.label, 40)
            let span = 14 + textWidth(text, size: 10) + 12
            if left + span > x + width && left > x {
                left = x
                row += 1
            }
            let y = 6 + row * 16
            body += "<rect x=\"\(format(left))\" y=\"\(y)\" width=\"10\" height=\"10\" fill=\"\(item.colour)\"/>"
            body += "<text x=\"\(format(left + 14))\" y=\"\(y + 9)\" class=\"legend\">\(escape(text))</text>"
            left += span
        }
        return (body, (row + 1) * 16 + 8)
    }

    /// Diverging stacked bars: each group's answers from the most negative point (left) to the most positive
    /// (right), centred on the scale's middle (a middle point is split across it).
    static func diverging(_ question: QuestionComparison, _ comparison: Comparison) -> String {
        let points = question.rows
        let colours = scaleColours(points.count)
        let (labelWidth, plotWidth, barHeight) = (200, 440, 22)
        let (legendBody, legendHeight) = legend(
            points.enumerated().map { ($1.label, colours[$0]) }, x: 8, width: Double(labelWidth + plotWidth))
        let top = legendHeight + 4
        let centre = Double(labelWidth) + Double(plotWidth) / 2
        let scale = Double(plotWidth) / 200
        let axisY = top + comparison.groups.count * (barHeight + 10)
        var body = legendBody
        body += "<line x1=\"\(Int(centre))\" y1=\"\(top - 4)\" x2=\"\(Int(centre))\" y2=\"\(axisY)\" stroke=\"#333\"/>"
        var described: [String] = []
        for (g, group) in comparison.groups.enumerated() {
            let y = top + g * (barHeight + 10)
            body +=
                "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">"
                + "\(escape(short(group.label, 30)))</text>"
            let shares = points.map { $0.percents[g] }
            guard shares.allSatisfy({ $0 != nil }) else {
                let word = missingWord(points.contains { $0.counts[g] == nil } ? nil : 0)
                body += "<text x=\"\(labelWidth + 4)\" y=\"\(y + 15)\" class=\"tick\">\(word)</text>"
                described.append("\(group.label): \(word)")
                continue
            }
            let values = shares.map { $0 ?? 0 }
            let half = points.count / 2
            let negative = values[..<half].reduce(0, +) + (points.count % 2 == 1 ? values[half] / 2 : 0)
            var x = centre - negative * scale
            for (index, value) in values.enumerated() where value > 0 {
                let width = value * scale
                body +=
                    "<rect x=\"\(format(x))\" y=\"\(y)\" width=\"\(format(width))\" height=\"\(barHeight)\" "
                    + "fill=\"\(colours[index])\"><title>\(escape(group.label)): \(escape(points[index].label)) "
                    + "\(format(value))%</title></rect>"
                x += width
            }
            described.append(
                "\(group.label): " + zip(points, values).map { "\($0.label) \(format($1))%" }.joined(separator: ", "))
        }
        for tick in stride(from: -100, through: 100, by: 50) {
            let x = centre + Double(tick) * scale
            body +=
                "<text x=\"\(format(x))\" y=\"\(axisY + 14)\" text-anchor=\"middle\" class=\"tick\">"
                + "\(abs(tick))%</text>"
        }
        return frame(
            question, width: labelWidth + plotWidth + 20, height: axisY + 24,
            description: "Diverging stacked bars of the percentage giving each answer, negative answers to the left "
                + "of the centre line. " + described.joined(separator: "; "), body: body)
    }

    /// Horizontal bars, one per answer and group, with the Wilson interval drawn as a line.
    static func bars(_ question: QuestionComparison, _ comparison: Comparison) -> String {
        let groups = comparison.groups
        let (labelWidth, plotWidth, barHeight) = (240, 380, 12)
        let scale = Double(plotWidth) / 100
        let (legendBody, legendHeight) =
            groups.count > 1
            ? legend(
                groups.enumerated().map { ($1.label, groupColours[$0 % groupColours.count]) }, x: 8,
                width: Double(labelWidth + plotWidth))
            : ("", 4)
        let top = legendHeight + 4
        let rowHeight = groups.count * (barHeight + 2) + 10
        let axisY = top + question.rows.count * rowHeight
        let level = String(format: "%g", comparison.method.level * 100)
        var body = legendBody
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = Double(labelWidth) + Double(tick) * scale
            body += "<line x1=\"\(format(x))\" y1=\"\(top - 2)\" x2=\"\(format(x))\" y2=\"\(axisY)\" class=\"grid\"/>"
            body += "<text x=\"\(format(x))\" y=\"\(axisY + 14)\" text-anchor=\"middle\" class=\"tick\">\(tick)%</text>"
        }
        var described: [String] = []
        for (r, row) in question.rows.enumerated() {
            let y = top + r * rowHeight
            body +=
                "<text x=\"\(labelWidth - 8)\" y=\"\(y + 11)\" text-anchor=\"end\">"
                + "\(escape(short(row.label, 36)))</text>"
            var parts: [String] = []
            for (g, group) in groups.enumerated() {
                let barY = y + g * (barHeight + 2)
                guard let percent = row.percents[g] else {
                    let word = missingWord(row.counts[g])
                    body += "<text x=\"\(labelWidth + 4)\" y=\"\(barY + 10)\" class=\"tick\">\(word)</text>"
                    parts.append("\(group.label) \(word)")
                    continue
                }
                let colour = groupColours[g % groupColours.count]
                body +=
                    "<rect x=\"\(labelWidth)\" y=\"\(barY)\" width=\"\(format(percent * scale))\" "
                    + "height=\"\(barHeight)\" fill=\"\(colour)\" stroke=\"#333\" stroke-width=\"0.6\">"
                    + "<title>\(escape(group.label)): "
                    + "\(format(percent))%</title></rect>"
                var end = percent
                var interval = ""
                if let bounds = row.intervals[g] {
                    let (x1, x2) = (
                        Double(labelWidth) + bounds.lower * scale, Double(labelWidth) + bounds.upper * scale
                    )
                    let middle = barY + barHeight / 2
                    body +=
                        "<line x1=\"\(format(x1))\" y1=\"\(middle)\" x2=\"\(format(x2))\" y2=\"\(middle)\" "
                        + "stroke=\"#222\" stroke-width=\"1.5\"/>"
                    end = max(end, bounds.upper)
                    interval = " (\(format(bounds.lower))–\(format(bounds.upper)))"
                }
                // The value after the bar and its interval, never on them.
                body +=
                    "<text x=\"\(format(Double(labelWidth) + end * scale + 4))\" y=\"\(barY + 10)\" "
                    + "class=\"value\">\(format(percent))%</text>"
                parts.append("\(group.label) \(format(percent))%\(interval)")
            }
            described.append("\(row.label): " + parts.joined(separator: ", "))
        }
        return frame(
            question, width: labelWidth + plotWidth + 60, height: axisY + 24,
            description: "Bars of the percentage giving each answer, with \(level)% Wilson intervals. "
                + described.joined(separator: "; "), body: body)
    }

    /// Round tick values spanning `low`…`high` (steps of 1, 2 or 5 times a power of ten).
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let span = high - low
        guard span > 0, span.isFinite else { return [low] }
        let rough = span / 4
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? rough
        var values: [Double] = []
        var value = (low / step).rounded(.up) * step
        while value <= high + step * 1e-9 {
            values.append(value)
            value += step
        }
        return values
    }

    /// Box plots: the quartiles as a box, the median as a line, whiskers to the minimum and maximum, the mean as
    /// a dot.
    static func boxes(_ question: QuestionComparison, _ comparison: Comparison) -> String {
        let (labelWidth, plotWidth, rowHeight, top) = (200, 420, 30, 10)
        let shown = question.summary.filter { $0.min != nil && $0.max != nil && $0.q1 != nil && $0.q3 != nil }
        var low = shown.compactMap(\.min).min() ?? 0
        var high = shown.compactMap(\.max).max() ?? 1
        if high <= low {
            // One value throughout: centre it.
            (low, high) = (low - 1, high + 1)
        }
        // Skewed counts and amounts (0 to 5,000 staff) on a log(1 + x) axis, so small groups are not squeezed.
        let logarithmic = low >= 0 && high >= 100 * max(shown.compactMap(\.median).min() ?? 1, 1)
        func position(_ value: Double) -> Double { logarithmic ? log10(1 + value) : value }
        let (start, span) = (position(low), position(high) - position(low))
        func x(_ value: Double) -> Double {
            Double(labelWidth) + (position(value) - start) / span * Double(plotWidth)
        }
        let labels = Dictionary(comparison.groups.map { ($0.value, $0.label) }, uniquingKeysWith: { a, _ in a })
        let axisY = top + question.summary.count * rowHeight + 2
        var body = ""
        let tickValues =
            logarithmic
            ? [0] + (0...Int(log10(max(high, 1)))).map { pow(10, Double($0)) }.filter { $0 <= high } : ticks(low, high)
        for value in tickValues {
            body +=
                "<line x1=\"\(format(x(value)))\" y1=\"\(top - 4)\" x2=\"\(format(x(value)))\" y2=\"\(axisY)\" "
                + "class=\"grid\"/>"
            body +=
                "<text x=\"\(format(x(value)))\" y=\"\(axisY + 12)\" text-anchor=\"middle\" class=\"tick\">"
                + "\(String(format: "%g", value))</text>"
        }
        var described: [String] = []
        for (g, summary) in question.summary.enumerated() {
            let y = top + g * rowHeight
            let label = labels[summary.group] ?? summary.group
            body +=
                "<text x=\"\(labelWidth - 8)\" y=\"\(y + 14)\" text-anchor=\"end\">"
                + "\(escape(short(label, 30)))</text>"
            guard let minimum = summary.min, let maximum = summary.max, let q1 = summary.q1, let q3 = summary.q3,
                let median = summary.median
            else {
                let word = summary.n == nil ? "suppressed (*)" : "no answers"
                body += "<text x=\"\(labelWidth + 4)\" y=\"\(y + 14)\" class=\"tick\">\(word)</text>"
                described.append("\(label): \(word)")
                continue
            }
            let colour = groupColours[g % groupColours.count]
            let middle = y + 10
            body +=
                "<line x1=\"\(format(x(minimum)))\" y1=\"\(middle)\" x2=\"\(format(x(maximum)))\" "
                + "y2=\"\(middle)\" stroke=\"#444\"/>"
            body +=
                "<rect x=\"\(format(x(q1)))\" y=\"\(y)\" width=\"\(format(max(1, x(q3) - x(q1))))\" height=\"20\" "
                + "fill=\"\(colour)\" fill-opacity=\"0.35\" stroke=\"\(colour)\"/>"
            body +=
                "<line x1=\"\(format(x(median)))\" y1=\"\(y)\" x2=\"\(format(x(median)))\" y2=\"\(y + 20)\" "
                + "stroke=\"#000\" stroke-width=\"2\"/>"
            if let mean = summary.mean {
                body +=
                    "<circle cx=\"\(format(x(mean)))\" cy=\"\(middle)\" r=\"3.5\" fill=\"#000\"><title>mean "
                    + "\(Comparison.number(mean))</title></circle>"
            }
            described.append(
                "\(label): minimum \(Comparison.number(minimum)), quartiles \(Comparison.number(q1)), "
                    + "\(Comparison.number(median)), \(Comparison.number(q3)), maximum \(Comparison.number(maximum))"
                    + (summary.mean.map { ", mean \(Comparison.number($0))" } ?? ""))
        }
        return frame(
            question, width: labelWidth + plotWidth + 40, height: axisY + 20,
            description: "Box plots: quartiles as a box, median as a line, whiskers to the minimum and maximum, "
                + "mean as a dot" + (logarithmic ? ", on a logarithmic axis. " : ". ")
                + described.joined(separator: "; "), body: body)
    }
}
