import Foundation

/// Welch's t test of two independent means (unequal variances), two-sided, and Cohen's d.
///
/// As `scipy.stats.ttest_ind(x, y, equal_var=False)` and R's `t.test`: t = (x̄₁ − x̄₂)/√(s₁²/n₁ + s₂²/n₂) with
/// Satterthwaite's df = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1)).
///
/// A group with fewer than two values, a non-finite value, or zero variance in both groups (where t is ±∞ or
/// 0/0 and scipy's df is arbitrary) give a NaN result. Zero variance in one group only is fine.
public enum WelchTTest {
    /// The test of `first` against `second`; t is positive when the first mean is larger.
    public static func test(_ first: [Double], _ second: [Double]) -> TestResult {
        test(Sample(first), Sample(second))
    }

    /// The test of two samples held as value counts.
    public static func test(_ first: Sample, _ second: Sample) -> TestResult {
        guard first.count >= 2, second.count >= 2 else {
            return .undefined(name, "a group has fewer than two values")
        }
        guard first.isFinite, second.isFinite else { return .undefined(name, "a value is not finite") }
        let (n1, n2) = (Double(first.count), Double(second.count))
        let a = first.variance / n1
        let b = second.variance / n2
        guard a + b > 0 else { return .undefined(name, "both groups have zero variance") }
        let t = (first.mean - second.mean) / (a + b).squareRoot()
        let df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1))
        return TestResult(
            name: name, statistic: t, degreesOfFreedom: df, p: StudentTDistribution.twoSidedP(t, degreesOfFreedom: df))
    }

    /// Cohen's d = (x̄₁ − x̄₂)/s_p with the pooled SD s_p = √(((n₁ − 1)s₁² + (n₂ − 1)s₂²)/(n₁ + n₂ − 2)).
    ///
    /// Positive when the first mean is larger; no small-sample (Hedges) correction. NaN when n₁ + n₂ < 3 or
    /// a group is empty; ±∞ when both groups have zero variance but different means.
    public static func cohensD(_ first: [Double], _ second: [Double]) -> EffectSize {
        cohensD(Sample(first), Sample(second))
    }

    /// Cohen's d of two samples held as value counts.
    public static func cohensD(_ first: Sample, _ second: Sample) -> EffectSize {
        let (n1, n2) = (Double(first.count), Double(second.count))
        guard n1 >= 1, n2 >= 1, n1 + n2 > 2 else { return EffectSize(name: "cohens_d", value: .nan) }
        // A group of one contributes no variance (and its NaN variance must not spread).
        let s1 = n1 > 1 ? (n1 - 1) * first.variance : 0
        let s2 = n2 > 1 ? (n2 - 1) * second.variance : 0
        let pooled = ((s1 + s2) / (n1 + n2 - 2)).squareRoot()
        return EffectSize(name: "cohens_d", value: (first.mean - second.mean) / pooled)
    }

    /// The test's name in output.
    static let name = "welch_t"
}
