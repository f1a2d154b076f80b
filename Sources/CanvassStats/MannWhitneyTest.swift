import Foundation

/// The Mann–Whitney U test (Wilcoxon rank-sum) of two independent samples, two-sided, and the rank-biserial r.
///
/// The statistic is U of the first group, U₁ = R₁ − n₁(n₁ + 1)/2 with R₁ its rank sum (mid-ranks for ties), as
/// `scipy.stats.mannwhitneyu(x, y)`. The p-value is 2 P(U ≥ max(U₁, U₂)), capped at 1, computed:
/// - exactly, when the smaller group has at most 8 values and there are no ties (scipy's `method="exact"`),
///   from U's null distribution, the coefficients of the Gaussian binomial [n₁ + n₂ choose n₁]_q;
/// - otherwise by the normal approximation with tie and continuity corrections (scipy's
///   `method="asymptotic", use_continuity=True`): z = (max(U₁, U₂) − n₁n₂/2 − ½)/σ with
///   σ² = n₁n₂/12 · (n + 1 − Σ(t³ − t)/(n(n − 1))).
///
/// When every value is tied, σ = 0 and every arrangement gives the same U: p = 1, as scipy. An empty group or a
/// NaN value gives a NaN result.
public enum MannWhitneyTest {
    /// The test of `first` against `second`; `note` says whether the p-value is exact or approximate.
    public static func test(_ first: [Double], _ second: [Double]) -> TestResult {
        guard !first.isEmpty, !second.isEmpty else { return .undefined(name, "a group is empty") }
        guard !(first + second).contains(where: \.isNaN) else { return .undefined(name, "a value is NaN") }
        let ranking = Ranking(first + second)
        let (n1, n2) = (Double(first.count), Double(second.count))
        let u1 = ranking.ranks[..<first.count].reduce(0, +) - n1 * (n1 + 1) / 2
        let larger = max(u1, n1 * n2 - u1)
        if min(first.count, second.count) <= exactLimit && !ranking.hasTies {
            let p = exactTwoSidedP(
                smallerU: Int(n1 * n2 - larger), smaller: min(first.count, second.count),
                larger: max(first.count, second.count))
            return TestResult(name: name, statistic: u1, p: p, note: "exact")
        }
        let n = n1 + n2
        let sigma = (n1 * n2 / 12 * ((n + 1) - ranking.tieSum / (n * (n - 1)))).squareRoot()
        if sigma == 0 {
            return TestResult(name: name, statistic: u1, p: 1, note: "normal approximation; all values are tied")
        }
        let z = (larger - n1 * n2 / 2 - 0.5) / sigma
        let p = min(1, 2 * NormalDistribution.survival(z))
        return TestResult(name: name, statistic: u1, p: p, note: "normal approximation")
    }

    /// The rank-biserial correlation r = 2U₁/(n₁n₂) − 1 = P(X > Y) − P(X < Y), ties counting half, in [−1, 1].
    ///
    /// Positive when the first group tends to be larger (the sign convention of Cohen's d here, mean of the first
    /// minus mean of the second); it is the negative of Wendt's 1 − 2U₁/(n₁n₂). NaN when a group is empty.
    public static func rankBiserial(_ first: [Double], _ second: [Double]) -> EffectSize {
        let result = test(first, second)
        let value = 2 * result.statistic / (Double(first.count) * Double(second.count)) - 1
        return EffectSize(name: "rank_biserial", value: value)
    }

    /// The test's name in output.
    static let name = "mann_whitney_u"

    /// The largest smaller group for which the p-value is exact (when there are no ties), as scipy's default.
    static let exactLimit = 8

    /// 2 P(U ≤ `smallerU`) under the null for groups of `smaller` and `larger` values, capped at 1.
    ///
    /// The counts of arrangements giving U = 0, 1, … are the coefficients of Π_{i=1…m} (1 − q^{n+i})/(1 − q^i);
    /// each factor is applied in turn (multiply, then divide, so every partial product has non-negative
    /// coefficients), truncated at `smallerU`: the lower tail needs no higher power.
    static func exactTwoSidedP(smallerU: Int, smaller m: Int, larger n: Int) -> Double {
        var counts = [Double](repeating: 0, count: smallerU + 1)
        counts[0] = 1
        for i in 1...m {
            if n + i <= smallerU {
                for k in stride(from: smallerU, through: n + i, by: -1) { counts[k] -= counts[k - n - i] }
            }
            if i <= smallerU {
                for k in i...smallerU { counts[k] += counts[k - i] }
            }
        }
        var arrangements = 1.0
        for i in 1...m { arrangements = arrangements * Double(n + i) / Double(i) }
        return min(1, 2 * counts.reduce(0, +) / arrangements)
    }
}
