import Foundation

/// A sample held as its distinct values (ascending) and how often each occurs.
///
/// Aggregation never keeps one number per response: a million answers on a five-point scale are five counts,
/// and a question asking for whole numbers of staff keeps one count per number given. Every statistic here is
/// computed from the counts exactly as from the expanded list (ranks, type-7 quantiles, n − 1 variance).
public struct Sample: Sendable, Equatable {
    public static func == (a: Sample, b: Sample) -> Bool {
        a.values == b.values && a.counts == b.counts && a.mean == b.mean && a.variance == b.variance
    }

    /// The distinct values, ascending.
    public private(set) var values: [Double]
    /// How many times each value occurs (all positive).
    public private(set) var counts: [Int]
    /// The number of observations.
    public private(set) var count: Int
    /// Exact moments and extremes when the values are coarsened counts (see `NumberTally`).
    private var moments: (mean: Double, variance: Double, minimum: Double, maximum: Double)?

    /// Whether the quantiles are approximate (the values were coarsened; the moments are exact).
    public var isCoarsened: Bool { moments != nil }

    /// The same counts, with exact moments and extremes to report instead of the coarsened values'.
    func withMoments(mean: Double, variance: Double, minimum: Double, maximum: Double) -> Sample {
        var sample = self
        sample.moments = (mean, variance, minimum, maximum)
        return sample
    }

    /// A sample of these observations.
    public init(_ observations: [Double]) {
        var values: [Double] = []
        var counts: [Int] = []
        for value in observations.sorted(by: Self.ascending) {
            if let last = values.last, last == value || (last.isNaN && value.isNaN) {
                counts[counts.count - 1] += 1
            } else {
                values.append(value)
                counts.append(1)
            }
        }
        self.init(sortedValues: values, counts: counts)
    }

    /// A sample from value counts (values in any order; zero counts are dropped).
    public init(valueCounts: [Double: Int]) {
        let kept = valueCounts.filter { $0.value > 0 }.sorted { Self.ascending($0.key, $1.key) }
        self.init(sortedValues: kept.map(\.key), counts: kept.map(\.value))
    }

    /// A sample of scale points: `counts[i]` answers of `i + 1`.
    public init(scaleCounts: [Int]) {
        let kept = scaleCounts.indices.filter { scaleCounts[$0] > 0 }
        self.init(sortedValues: kept.map { Double($0 + 1) }, counts: kept.map { scaleCounts[$0] })
    }

    private init(sortedValues: [Double], counts: [Int]) {
        self.values = sortedValues
        self.counts = counts
        self.count = counts.reduce(0, +)
    }

    /// NaN sorts last, so it is found at the end.
    private static func ascending(_ a: Double, _ b: Double) -> Bool { b.isNaN ? !a.isNaN : a < b }

    /// Whether a value is NaN.
    public var containsNaN: Bool { values.last?.isNaN ?? false }

    /// Whether every value is finite.
    public var isFinite: Bool { values.allSatisfy(\.isFinite) }

    /// The arithmetic mean; NaN for an empty sample.
    public var mean: Double {
        if let moments { return moments.mean }
        guard count > 0 else { return .nan }
        var sum = 0.0
        for (value, n) in zip(values, counts) { sum += value * Double(n) }
        return sum / Double(count)
    }

    /// The variance with n − 1 in the denominator; NaN with fewer than two observations.
    public var variance: Double {
        if let moments { return moments.variance }
        guard count > 1 else { return .nan }
        let centre = mean
        var squares = 0.0
        for (value, n) in zip(values, counts) { squares += Double(n) * (value - centre) * (value - centre) }
        return squares / Double(count - 1)
    }

    /// The standard deviation (n − 1).
    public var standardDeviation: Double { variance.squareRoot() }

    /// The smallest value; NaN when empty.
    public var minimum: Double { moments?.minimum ?? values.first ?? .nan }

    /// The largest value; NaN when empty.
    public var maximum: Double { moments?.maximum ?? values.last ?? .nan }

    /// The observation at 0-based position `index` of the sorted sample.
    func orderStatistic(_ index: Int) -> Double {
        var seen = 0
        for (value, n) in zip(values, counts) {
            seen += n
            if index < seen { return value }
        }
        return values.last ?? .nan
    }

    /// The quantile by Hyndman and Fan's type 7 (R's and numpy's default); NaN when empty or p is outside [0, 1].
    public func quantile(_ probability: Double) -> Double {
        guard count > 0, probability >= 0, probability <= 1 else { return .nan }
        let h = Double(count - 1) * probability
        let lower = Int(h.rounded(.down))
        let fraction = h - Double(lower)
        let a = orderStatistic(lower)
        guard lower + 1 < count, fraction > 0 else { return a }
        let b = orderStatistic(lower + 1)
        // As numpy: interpolate from the nearer end, so the result never leaves [a, b].
        return fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction)
    }

    /// Midranks (1-based) of each distinct value in the pooled samples, and the tie correction sum Σ(t³ − t).
    static func pooledRanks(_ samples: [Sample]) -> (ranks: [Double: Double], tieSum: Double) {
        var pooled: [Double: Int] = [:]
        for sample in samples {
            for (value, n) in zip(sample.values, sample.counts) { pooled[value, default: 0] += n }
        }
        var ranks: [Double: Double] = [:]
        var tieSum = 0.0
        var below = 0
        for value in pooled.keys.sorted() {
            let t = pooled[value] ?? 0
            // Ranks below+1 … below+t share their mean, exact in binary.
            ranks[value] = Double(2 * below + t + 1) / 2
            tieSum += Double(t) * Double(t) * Double(t) - Double(t)
            below += t
        }
        return (ranks, tieSum)
    }

    /// The sum of the ranks of this sample's observations.
    func rankSum(_ ranks: [Double: Double]) -> Double {
        var sum = 0.0
        for (value, n) in zip(values, counts) { sum += (ranks[value] ?? .nan) * Double(n) }
        return sum
    }

    /// Every observation, in ascending order (for small samples: exact tests).
    var expanded: [Double] {
        var all: [Double] = []
        all.reserveCapacity(count)
        for (value, n) in zip(values, counts) { all.append(contentsOf: repeatElement(value, count: n)) }
        return all
    }
}
