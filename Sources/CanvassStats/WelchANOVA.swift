import Foundation

/// Welch's one-way ANOVA of k ≥ 2 independent means without assuming equal variances (Welch 1951).
///
/// As R's `oneway.test(var.equal = FALSE)` and statsmodels' `anova_oneway(use_var="unequal")`: with weights
/// wᵢ = nᵢ/sᵢ², W = Σwᵢ, the weighted mean m = Σwᵢx̄ᵢ/W and λ = Σ(1 − wᵢ/W)²/(nᵢ − 1),
/// F = [Σwᵢ(x̄ᵢ − m)²/(k − 1)] / [1 + 2(k − 2)λ/(k² − 1)], df₁ = k − 1, df₂ = (k² − 1)/(3λ),
/// and p = P(F_{df₁, df₂} > F). For two groups F is the square of Welch's t.
///
/// Fewer than two groups, a group with fewer than two values or with zero variance (its weight is infinite),
/// or a non-finite value give a NaN result.
public enum WelchANOVA {
    /// The test across `groups`; `degreesOfFreedom` is df₁ and `denominatorDegreesOfFreedom` df₂.
    public static func test(_ groups: [[Double]]) -> TestResult {
        test(groups.map(Sample.init))
    }

    /// The test across groups held as value counts.
    public static func test(_ groups: [Sample]) -> TestResult {
        guard groups.count >= 2 else { return .undefined(name, "fewer than two groups") }
        guard groups.allSatisfy({ $0.count >= 2 }) else { return .undefined(name, "a group has fewer than two values") }
        guard groups.allSatisfy(\.isFinite) else { return .undefined(name, "a value is not finite") }
        let sizes = groups.map { Double($0.count) }
        let means = groups.map(\.mean)
        let variances = groups.map(\.variance)
        guard variances.allSatisfy({ $0 > 0 }) else { return .undefined(name, "a group has zero variance") }
        let weights = zip(sizes, variances).map { $0 / $1 }
        let totalWeight = weights.reduce(0, +)
        let grandMean = zip(weights, means).reduce(0) { $0 + $1.0 * $1.1 } / totalWeight
        let k = Double(groups.count)
        let between = zip(weights, means).reduce(0) { $0 + $1.0 * ($1.1 - grandMean) * ($1.1 - grandMean) } / (k - 1)
        let lambda = zip(weights, sizes).reduce(0) { sum, pair in
            let share = 1 - pair.0 / totalWeight
            return sum + share * share / (pair.1 - 1)
        }
        let f = between / (1 + 2 * (k - 2) * lambda / (k * k - 1))
        let df2 = (k * k - 1) / (3 * lambda)
        return TestResult(
            name: name, statistic: f, degreesOfFreedom: k - 1, denominatorDegreesOfFreedom: df2,
            p: FDistribution.survival(f, numerator: k - 1, denominator: df2))
    }

    /// The test's name in output.
    static let name = "welch_anova"
}
