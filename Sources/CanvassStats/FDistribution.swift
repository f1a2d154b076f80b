/// Fisher's F distribution with (possibly non-integer, as in Welch's ANOVA) degrees of freedom.
public enum FDistribution {
    /// P(F > `f`) for F ~ F(`numerator`, `denominator`): the p-value of an F statistic, accurate to 1e-300.
    ///
    /// `f` ≤ 0 gives 1 and `f` = +∞ gives 0; a non-positive or infinite degree of freedom, or NaN, gives NaN.
    public static func survival(_ f: Double, numerator: Double, denominator: Double) -> Double {
        tails(f, numerator: numerator, denominator: denominator).upper
    }

    /// P(F ≤ `f`) for F ~ F(`numerator`, `denominator`). Domain as `survival`.
    public static func cdf(_ f: Double, numerator: Double, denominator: Double) -> Double {
        tails(f, numerator: numerator, denominator: denominator).lower
    }

    /// Both tails, as I_{d₂/(d₂+d₁f)}(d₂/2, d₁/2) and its complement, with both beta arguments formed directly.
    private static func tails(_ f: Double, numerator: Double, denominator: Double) -> (lower: Double, upper: Double) {
        guard !f.isNaN, numerator > 0, denominator > 0 else { return (.nan, .nan) }
        if f <= 0 { return (0, 1) }
        let scaled = numerator * f
        let x: Double
        let y: Double
        if scaled <= denominator {
            x = denominator / (denominator + scaled)
            y = scaled / (denominator + scaled)
        } else {
            // d₂/(d₁f) cannot overflow where d₁f would.
            let ratio = denominator / numerator / f
            x = ratio / (1 + ratio)
            y = 1 / (1 + ratio)
        }
        let beta = SpecialFunctions.incompleteBeta(a: denominator / 2, b: numerator / 2, x: x, y: y)
        return (beta.upper, beta.lower)
    }
}
