import Foundation

/// The Kruskal–Wallis H test of k ≥ 2 independent samples, with the tie correction, and epsilon-squared.
///
/// As `scipy.stats.kruskal` and R's `kruskal.test`: with mid-ranks over the pooled n values, H = 12/(n(n + 1))
/// Σ nᵢ(R̄ᵢ − (n + 1)/2)² divided by 1 − Σ(t³ − t)/(n³ − n), and p = P(χ²_{k−1} > H). The sum of squared
/// deviations is used rather than scipy's 12/(n(n + 1)) ΣRᵢ²/nᵢ − 3(n + 1), which cancels when H is small.
///
/// Fewer than two groups, an empty group, a NaN value, or every value tied (H = 0/0) give a NaN result.
public enum KruskalWallisTest {
    /// The test across `groups`.
    public static func test(_ groups: [[Double]]) -> TestResult {
        test(groups.map(Sample.init))
    }

    /// The test across groups held as value counts.
    public static func test(_ groups: [Sample]) -> TestResult {
        switch statistic(groups) {
        case .failure(let error): return .undefined(name, error.reason)
        case .success(let h):
            let df = Double(groups.count - 1)
            return TestResult(
                name: name, statistic: h, degreesOfFreedom: df,
                p: ChiSquareDistribution.survival(h, degreesOfFreedom: df))
        }
    }

    /// Epsilon-squared, ε² = H/((n² − 1)/(n + 1)) = H/(n − 1) (Tomczak and Tomczak 2014), in [0, 1].
    ///
    /// NaN where the test is undefined.
    public static func epsilonSquared(_ groups: [[Double]]) -> EffectSize {
        epsilonSquared(groups.map(Sample.init))
    }

    /// Epsilon-squared of groups held as value counts.
    public static func epsilonSquared(_ groups: [Sample]) -> EffectSize {
        epsilonSquared(h: (try? statistic(groups).get()) ?? .nan, n: groups.reduce(0) { $0 + $1.count })
    }

    /// Epsilon-squared from a test's H and the number of observations.
    static func epsilonSquared(h: Double, n: Int) -> EffectSize {
        let n = Double(n)
        return EffectSize(name: "epsilon_squared", value: h / ((n * n - 1) / (n + 1)))
    }

    /// The test's name in output.
    static let name = "kruskal_wallis"

    /// H with the tie correction, or why it is undefined.
    static func statistic(_ groups: [Sample]) -> Result<Double, Undefined> {
        guard groups.count >= 2 else { return .failure(.init("fewer than two groups")) }
        guard groups.allSatisfy({ $0.count > 0 }) else { return .failure(.init("a group is empty")) }
        guard !groups.contains(where: \.containsNaN) else { return .failure(.init("a value is NaN")) }
        let (ranks, tieSum) = Sample.pooledRanks(groups)
        let n = Double(groups.reduce(0) { $0 + $1.count })
        let correction = 1 - tieSum / (n * n * n - n)
        guard correction > 0 else { return .failure(.init("all values are tied")) }
        let centre = (n + 1) / 2
        var sum = 0.0
        for group in groups {
            let size = Double(group.count)
            let meanRank = group.rankSum(ranks) / size
            sum += size * (meanRank - centre) * (meanRank - centre)
        }
        return .success(12 / (n * (n + 1)) * sum / correction)
    }
}
