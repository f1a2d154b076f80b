import Foundation

/// The Wilson score confidence interval for a proportion (Wilson 1927), as R's `prop.test(correct = FALSE)`
/// and statsmodels' `proportion_confint(method = "wilson")`.
public struct WilsonInterval: Sendable, Equatable {
    /// The lower bound, in [0, 1]; exactly 0 when there are no successes.
    public let lower: Double
    /// The upper bound, in [0, 1]; exactly 1 when every trial is a success.
    public let upper: Double
    /// The confidence level, such as 0.95.
    public let level: Double

    /// The interval for `successes` out of `trials` at `level` (0.95 by default; any level in (0, 1)).
    ///
    /// With z the two-sided normal quantile, p̂ = x/n, the centre is (p̂ + z²/2n)/(1 + z²/n) and the half-width
    /// z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²). No trials, successes outside [0, trials], or a level outside
    /// (0, 1) give NaN bounds.
    public init(successes: Int, trials: Int, level: Double = 0.95) {
        self.level = level
        guard trials > 0, successes >= 0, successes <= trials, level > 0, level < 1 else {
            (lower, upper) = (.nan, .nan)
            return
        }
        // −Φ⁻¹(α/2) rather than Φ⁻¹(1 − α/2): α/2 is exact, 1 − α/2 is rounded.
        let z = -NormalDistribution.quantile((1 - level) / 2)
        let n = Double(trials)
        let proportion = Double(successes) / n
        let zz = z * z
        let denominator = 1 + zz / n
        let centre = (proportion + zz / (2 * n)) / denominator
        let half = z * (proportion * (1 - proportion) / n + zz / (4 * n * n)).squareRoot() / denominator
        lower = successes == 0 ? 0 : max(0, centre - half)
        upper = successes == trials ? 1 : min(1, centre + half)
    }
}
