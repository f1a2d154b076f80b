import Foundation

/// Descriptive statistics of a sample: mean, standard deviation (n − 1) and type-7 quantiles.
///
/// Empty input gives NaN rather than trapping; NaN values in the input propagate.
public enum Descriptives {
    /// The arithmetic mean; NaN for an empty sample.
    public static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        return values.reduce(0, +) / Double(values.count)
    }

    /// The sample variance with divisor n − 1, from deviations about the mean; NaN when n < 2.
    public static func variance(_ values: [Double]) -> Double {
        guard values.count > 1 else { return .nan }
        let centre = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - centre) * ($1 - centre) }
        return squares / Double(values.count - 1)
    }

    /// The sample standard deviation with divisor n − 1 (R's `sd`, numpy's `std(ddof=1)`); NaN when n < 2.
    public static func standardDeviation(_ values: [Double]) -> Double {
        variance(values).squareRoot()
    }

    /// The `probability` quantile by Hyndman and Fan's type 7 (R's and numpy's default): with the values
    /// sorted, h = (n − 1)p and the result interpolates linearly between the values at ⌊h⌋ and ⌊h⌋ + 1.
    ///
    /// NaN for an empty sample, or for `probability` outside [0, 1] or NaN.
    public static func quantile(_ values: [Double], probability: Double) -> Double {
        guard !values.isEmpty, probability >= 0, probability <= 1 else { return .nan }
        return sortedQuantile(values.sorted(), probability: probability)
    }

    /// The type-7 quantiles of `values` at each of `probabilities`, sorting once.
    public static func quantiles(_ values: [Double], probabilities: [Double]) -> [Double] {
        let sorted = values.sorted()
        return probabilities.map { p in
            guard !sorted.isEmpty, p >= 0, p <= 1 else { return .nan }
            return sortedQuantile(sorted, probability: p)
        }
    }

    /// The median (the type-7 quantile at ½, the mean of the middle two for even n); NaN when empty.
    public static func median(_ values: [Double]) -> Double {
        quantile(values, probability: 0.5)
    }

    /// The first quartile, median and third quartile (type 7); NaN each when empty.
    public static func quartiles(_ values: [Double]) -> (q1: Double, median: Double, q3: Double) {
        let q = quantiles(values, probabilities: [0.25, 0.5, 0.75])
        return (q[0], q[1], q[2])
    }

    /// Type 7 on sorted, non-empty values.
    private static func sortedQuantile(_ sorted: [Double], probability: Double) -> Double {
        let h = Double(sorted.count - 1) * probability
        let lower = Int(h.rounded(.down))
        let fraction = h - Double(lower)
        guard lower + 1 < sorted.count, fraction > 0 else { return sorted[lower] }
        let (a, b) = (sorted[lower], sorted[lower + 1])
        // As numpy: interpolate from the nearer end, so the result never leaves [a, b].
        return fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction)
    }
}
