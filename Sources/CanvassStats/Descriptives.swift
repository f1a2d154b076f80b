import Foundation

/// Descriptive statistics of a sample: mean, standard deviation (n − 1) and type-7 quantiles.
///
/// Empty input gives NaN rather than trapping; NaN values in the input propagate.
public enum Descriptives {
    /// The arithmetic mean; NaN for an empty sample.
    public static func mean(_ values: [Double]) -> Double { Sample(values).mean }

    /// The variance with n − 1 in the denominator; NaN with fewer than two values.
    public static func variance(_ values: [Double]) -> Double { Sample(values).variance }

    /// The standard deviation with n − 1 in the denominator; NaN with fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double { Sample(values).standardDeviation }

    /// The type-7 quantile; NaN for an empty sample or a probability outside [0, 1].
    public static func quantile(_ values: [Double], probability: Double) -> Double {
        Sample(values).quantile(probability)
    }

    /// Several type-7 quantiles of one sample.
    public static func quantiles(_ values: [Double], probabilities: [Double]) -> [Double] {
        let sample = Sample(values)
        return probabilities.map(sample.quantile)
    }

    /// The median (type 7).
    public static func median(_ values: [Double]) -> Double { Sample(values).quantile(0.5) }

    /// The first quartile, median and third quartile (type 7).
    public static func quartiles(_ values: [Double]) -> (q1: Double, median: Double, q3: Double) {
        let sample = Sample(values)
        return (sample.quantile(0.25), sample.quantile(0.5), sample.quantile(0.75))
    }
}
