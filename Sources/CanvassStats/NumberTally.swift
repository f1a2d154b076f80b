import Foundation

/// The numbers one group gave to one question, in memory that stays bounded whatever the input.
///
/// Survey numbers repeat (staff counts, days, pounds), so they are kept as value counts and every statistic is
/// exact. Should a group give more than `limit` different numbers, the counts are coarsened to fewer
/// significant figures (12, then 11, …) until they fit in half the limit: the mean, SD, minimum, maximum and the
/// tests stay exact (from running moments, merged by Chan's formula), and only the quartiles become approximate,
/// to `significantFigures`.
struct NumberTally: Sendable {
    /// How many different numbers are kept before coarsening.
    static let limit = 16_384

    private(set) var counts: [Double: Int] = [:]
    /// Significant figures the counts were rounded to; nil while exact.
    private(set) var significantFigures: Int?
    private(set) var count = 0
    private var mean = 0.0
    private var squares = 0.0
    private var minimum = Double.infinity
    private var maximum = -Double.infinity

    mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        squares += delta * (value - mean)
        minimum = Swift.min(minimum, value)
        maximum = Swift.max(maximum, value)
        let key = significantFigures.map { Self.round(value, $0) } ?? value
        counts[key, default: 0] += 1
        if counts.count > Self.limit { coarsen() }
    }

    mutating func merge(_ other: NumberTally) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        let total = Double(count + other.count)
        let delta = other.mean - mean
        squares += other.squares + delta * delta * Double(count) * Double(other.count) / total
        mean += delta * Double(other.count) / total
        count += other.count
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
        var incoming = other.counts
        switch (significantFigures, other.significantFigures) {
        case (nil, let theirs?): rebucket(to: theirs)
        case (let mine?, let theirs?) where mine < theirs: incoming = Self.rounded(incoming, mine)
        case (let mine?, nil): incoming = Self.rounded(incoming, mine)
        case (let mine?, let theirs?) where theirs < mine: rebucket(to: theirs)
        default: break
        }
        counts.merge(incoming, uniquingKeysWith: +)
        if counts.count > Self.limit { coarsen() }
    }

    /// The sample the statistics are computed from: exact, or coarsened counts carrying the exact moments.
    var sample: Sample {
        let sample = Sample(valueCounts: counts)
        guard significantFigures != nil, count > 0 else { return sample }
        return sample.withMoments(
            mean: mean, variance: count > 1 ? squares / Double(count - 1) : .nan, minimum: minimum, maximum: maximum)
    }

    private mutating func coarsen() {
        var figures = significantFigures ?? 13
        while counts.count > Self.limit / 2 && figures > 1 {
            figures -= 1
            rebucket(to: figures)
        }
    }

    private mutating func rebucket(to figures: Int) {
        counts = Self.rounded(counts, figures)
        significantFigures = figures
    }

    private static func rounded(_ counts: [Double: Int], _ figures: Int) -> [Double: Int] {
        var result: [Double: Int] = [:]
        for (value, n) in counts { result[round(value, figures), default: 0] += n }
        return result
    }

    /// `value` to `figures` significant figures.
    static func round(_ value: Double, _ figures: Int) -> Double {
        guard value != 0, value.isFinite else { return value }
        let scale = pow(10, Double(figures - 1) - floor(log10(abs(value))))
        guard scale.isFinite, scale > 0 else { return value }
        return (value * scale).rounded() / scale
    }
}
