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
        test(Sample(first), Sample(second))
    }

    /// The test of two samples held as value counts.
    public static func test(_ first: Sample, _ second: Sample) -> TestResult {
        guard first.count > 0, second.count > 0 else { return .undefined(name, "a group is empty") }
        guard !first.containsNaN, !second.containsNaN else { return .undefined(name, "a value is NaN") }
        let (ranks, tieSum) = Sample.pooledRanks([first, second])
        let (n1, n2) = (Double(first.count), Double(second.count))
        let u1 = first.rankSum(ranks) - n1 * (n1 + 1) / 2
        let larger = max(u1, n1 * n2 - u1)
        if min(first.count, second.count) <= exactLimit && tieSum == 0 {
            let p = exactTwoSidedP(
                smallerU: Int(n1 * n2 - larger), smaller: min(first.count, second.count),
                larger: max(first.count, second.count))
            return TestResult(name: name, statistic: u1, p: p, note: "exact")
        }
        let n = n1 + n2
        let sigma = (n1 * n2 / 12 * ((n + 1) - tieSum / (n * (n - 1)))).squareRoot()
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
        rankBiserial(Sample(first), Sample(second))
    }

    /// The rank-biserial correlation of two samples held as value counts.
    public static func rankBiserial(_ first: Sample, _ second: Sample) -> EffectSize {
        rankBiserial(u1: test(first, second).statistic, first.count, second.count)
    }

    /// The rank-biserial correlation from a test's U₁.
    static func rankBiserial(u1: Double, _ n1: Int, _ n2: Int) -> EffectSize {
        EffectSize(name: "rank_biserial", value: 2 * u1 / (Double(n1) * Double(n2)) - 1)
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
