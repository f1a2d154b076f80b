public import CanvassStats
import Foundation

/// SVG charts of a question's comparison: accessible (a title and a description), colour-blind-safe, no scripts.
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
        return (0..<count).map { i in
            i < count / 2 ? "#e66101" : (i == count / 2 && count % 2 == 1 ? "#d9d9d9" : "#5e3c99")
        }
    }

    /// The chart for a question, or nil for types without one (text).
    public static func svg(_ question: QuestionComparison, in comparison: Comparison) -> String? {
        // Nothing to draw when no group has a figure (no answers, or all suppressed).
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

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func short(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func frame(
        _ question: QuestionComparison, width: Int, height: Int, description: String, body: String
    ) -> String {
        let id = question.id.replacingOccurrences(of: ".", with: "-")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \(width) \(height)" \
            width="\(width)" height="\(height)" aria-labelledby="chart-title-\(id) chart-desc-\(id)">\
            <title id="chart-title-\(id)">\(escape(question.label))</title>\
            <desc id="chart-desc-\(id)">\(escape(description))</desc>\(body)</svg>
            """
    }

    /// Diverging stacked bars: each group's answers from the most negative point (left) to the most positive
    /// (right), centred on the scale's middle.
    static func diverging(_ question: QuestionComparison, _ comparison: Comparison) -> String {
        let points = question.rows
        let colours = scaleColours(points.count)
        let (labelWidth, plotWidth, barHeight, top) = (180, 440, 22, 34)
        let centre = Double(labelWidth) + Double(plotWidth) / 2
        let scale = Double(plotWidth) / 200
        let height = top + comparison.groups.count * (barHeight + 10) + 40
        var body = ""
        var described: [String] = []
        for (g, group) in comparison.groups.enumerated() {
            let y = top + g * (barHeight + 10)
            body +=
                "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(escape(short(group.label, 26)))</text>"
            let shares = points.map { $0.percents[g] }
            guard shares.allSatisfy({ $0 != nil }) else {
                body += "<text x=\"\(Int(centre))\" y=\"\(y + 15)\" text-anchor=\"middle\">suppressed (*)</text>"
                described.append("\(group.label): suppressed")
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
        let axisY = top + comparison.groups.count * (barHeight + 10)
        body += "<line x1=\"\(Int(centre))\" y1=\"\(top - 4)\" x2=\"\(Int(centre))\" y2=\"\(axisY)\" stroke=\"#333\"/>"
        for tick in stride(from: -100, through: 100, by: 50) {
            let x = centre + Double(tick) * scale
            body +=
                "<text x=\"\(format(x))\" y=\"\(axisY + 14)\" text-anchor=\"middle\" class=\"tick\">\(abs(tick))%</text>"
        }
        // The legend: the scale's points in order.
        var legendX = Double(labelWidth)
        for (index, point) in points.enumerated() {
            body += "<rect x=\"\(format(legendX))\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(colours[index])\"/>"
            body +=
                "<text x=\"\(format(legendX + 13))\" y=\"15\" class=\"legend\">\(escape(short(point.label, 16)))</text>"
            legendX += 13 + Double(min(point.label.count, 16)) * 5.6 + 10
        }
        return frame(
            question, width: labelWidth + plotWidth + 20, height: height,
            description: "Diverging stacked bars, negative answers to the left of the centre line. "
                + described.joined(separator: "; "), body: body)
    }

    /// Horizontal bars, one per answer and group, with the Wilson interval drawn as a line.
    static func bars(_ question: QuestionComparison, _ comparison: Comparison) -> String {
        let groups = comparison.groups
        let (labelWidth, plotWidth, barHeight) = (200, 400, 12)
        let rowHeight = groups.count * (barHeight + 2) + 10
        let top = groups.count > 1 ? 26 : 8
        let height = top + question.rows.count * rowHeight + 24
        let scale = Double(plotWidth) / 100
        var body = ""
        var described: [String] = []
        for (g, group) in groups.enumerated() where groups.count > 1 {
            let x = labelWidth + g * 110
            body +=
                "<rect x=\"\(x)\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(groupColours[g % groupColours.count])\"/>"
            body += "<text x=\"\(x + 13)\" y=\"15\" class=\"legend\">\(escape(short(group.label, 16)))</text>"
        }
        for (r, row) in question.rows.enumerated() {
            let y = top + r * rowHeight
            body +=
                "<text x=\"\(labelWidth - 8)\" y=\"\(y + 11)\" text-anchor=\"end\">\(escape(short(row.label, 32)))</text>"
            var parts: [String] = []
            for (g, group) in groups.enumerated() {
                let barY = y + g * (barHeight + 2)
                guard let percent = row.percents[g] else {
                    body += "<text x=\"\(labelWidth + 4)\" y=\"\(barY + 10)\" class=\"tick\">*</text>"
                    parts.append("\(group.label) suppressed")
                    continue
                }
                let colour = groupColours[g % groupColours.count]
                body +=
                    "<rect x=\"\(labelWidth)\" y=\"\(barY)\" width=\"\(format(percent * scale))\" "
                    + "height=\"\(barHeight)\" fill=\"\(colour)\"><title>\(escape(group.label)): "
                    + "\(format(percent))%</title></rect>"
                if let interval = row.intervals[g] {
                    let (x1, x2) = (
                        Double(labelWidth) + interval.lower * scale, Double(labelWidth) + interval.upper * scale
                    )
                    let middle = barY + barHeight / 2
                    body +=
                        "<line x1=\"\(format(x1))\" y1=\"\(middle)\" x2=\"\(format(x2))\" y2=\"\(middle)\" "
                        + "stroke=\"#222\" stroke-width=\"1.5\"/>"
                }
                body +=
                    "<text x=\"\(format(Double(labelWidth) + percent * scale + 4))\" y=\"\(barY + 10)\" "
                    + "class=\"value\">\(format(percent))%</text>"
                parts.append("\(group.label) \(format(percent))%")
            }
            described.append("\(row.label): " + parts.joined(separator: ", "))
        }
        let axisY = top + question.rows.count * rowHeight
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = Double(labelWidth) + Double(tick) * scale
            body += "<line x1=\"\(format(x))\" y1=\"\(top - 2)\" x2=\"\(format(x))\" y2=\"\(axisY)\" class=\"grid\"/>"
            body += "<text x=\"\(format(x))\" y=\"\(axisY + 14)\" text-anchor=\"middle\" class=\"tick\">\(tick)%</text>"
        }
        return frame(
            question, width: labelWidth + plotWidth + 60, height: height,
            description: "Bars of the percentage giving each answer, with 95% Wilson intervals. "
                + described.joined(separator: "; "), body: body)
    }

    /// Box plots: the quartiles as a box, the median as a line, whiskers to the minimum and maximum, the mean as
    /// a dot.
    static func boxes(_ question: QuestionComparison, _ comparison: Comparison) -> String {
        let (labelWidth, plotWidth, rowHeight, top) = (180, 420, 30, 10)
        let shown = question.summary.filter { $0.min != nil && $0.max != nil && $0.q1 != nil && $0.q3 != nil }
        let low = shown.compactMap(\.min).min() ?? 0
        let high = shown.compactMap(\.max).max() ?? 1
        let span = high > low ? high - low : 1
        func x(_ value: Double) -> Double { Double(labelWidth) + (value - low) / span * Double(plotWidth) }
        let labels = Dictionary(comparison.groups.map { ($0.value, $0.label) }, uniquingKeysWith: { a, _ in a })
        var body = ""
        var described: [String] = []
        for (g, summary) in question.summary.enumerated() {
            let y = top + g * rowHeight
            let label = labels[summary.group] ?? summary.group
            body +=
                "<text x=\"\(labelWidth - 8)\" y=\"\(y + 14)\" text-anchor=\"end\">\(escape(short(label, 26)))</text>"
            guard let minimum = summary.min, let maximum = summary.max, let q1 = summary.q1, let q3 = summary.q3,
                let median = summary.median
            else {
                body +=
                    "<text x=\"\(labelWidth + 4)\" y=\"\(y + 14)\" class=\"tick\">"
                    + (summary.n == nil ? "suppressed (*)" : "no answers") + "</text>"
                described.append("\(label): " + (summary.n == nil ? "suppressed" : "no answers"))
                continue
            }
            let colour = groupColours[g % groupColours.count]
            let middle = y + 10
            body +=
                "<line x1=\"\(format(x(minimum)))\" y1=\"\(middle)\" x2=\"\(format(x(maximum)))\" y2=\"\(middle)\" stroke=\"#444\"/>"
            body +=
                "<rect x=\"\(format(x(q1)))\" y=\"\(y)\" width=\"\(format(max(1, x(q3) - x(q1))))\" height=\"20\" "
                + "fill=\"\(colour)\" fill-opacity=\"0.35\" stroke=\"\(colour)\"/>"
            body +=
                "<line x1=\"\(format(x(median)))\" y1=\"\(y)\" x2=\"\(format(x(median)))\" y2=\"\(y + 20)\" stroke=\"#000\" stroke-width=\"2\"/>"
            if let mean = summary.mean {
                body +=
                    "<circle cx=\"\(format(x(mean)))\" cy=\"\(middle)\" r=\"3.5\" fill=\"#000\"><title>mean "
                    + "\(Comparison.number(mean))</title></circle>"
            }
            described.append(
                "\(label): minimum \(Comparison.number(minimum)), quartiles \(Comparison.number(q1)), "
                    + "\(Comparison.number(median)), \(Comparison.number(q3)), maximum \(Comparison.number(maximum))")
        }
        let axisY = top + question.summary.count * rowHeight + 2
        for step in 0...4 {
            let value = low + span * Double(step) / 4
            body +=
                "<text x=\"\(format(x(value)))\" y=\"\(axisY + 12)\" text-anchor=\"middle\" class=\"tick\">"
                + "\(Comparison.number(value))</text>"
        }
        return frame(
            question, width: labelWidth + plotWidth + 40, height: axisY + 20,
            description: "Box plots: quartiles as a box, median as a line, whiskers to the minimum and maximum, "
                + "mean as a dot. " + described.joined(separator: "; "), body: body)
    }
}
