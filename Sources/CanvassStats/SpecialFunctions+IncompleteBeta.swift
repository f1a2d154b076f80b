import Foundation

extension SpecialFunctions {
    /// The regularised incomplete beta function Iₓ(`a`, `b`), for 0 ≤ `x` ≤ 1 and `a`, `b` > 0.
    ///
    /// `x` outside [0, 1], a non-positive or infinite shape, or NaN give NaN.
    public static func regularizedBeta(x: Double, a: Double, b: Double) -> Double {
        incompleteBeta(a: a, b: b, x: x, y: 1 - x).lower
    }

    /// 1 − Iₓ(`a`, `b`) = I₁₋ₓ(`b`, `a`), computed directly so that an upper tail keeps its relative accuracy.
    ///
    /// Domain as `regularizedBeta`.
    public static func regularizedBetaComplement(x: Double, a: Double, b: Double) -> Double {
        incompleteBeta(a: a, b: b, x: x, y: 1 - x).upper
    }

    /// Iₓ(`a`, `b`) and 1 − Iₓ(`a`, `b`), given both `x` and `y` = 1 − `x`.
    ///
    /// Callers that can form `y` without cancellation (the t and F tails) pass it directly: rounding 1 − x
    /// would otherwise cost the digits of a tail near x = 1. The continued fraction (Numerical Recipes §6.4)
    /// runs on whichever side of the mean converges, and its prefactor comes from `SaddlePoint`.
    static func incompleteBeta(a: Double, b: Double, x: Double, y: Double) -> (lower: Double, upper: Double) {
        guard a > 0, b > 0, a.isFinite, b.isFinite, x >= 0, y >= 0, x <= 1, y <= 1 else { return (.nan, .nan) }
        if x == 0 { return (0, 1) }
        if y == 0 { return (1, 0) }
        let n = a + b
        let term = SaddlePoint.binomialTerm(a, b, x, y)
        if x < (a + 1) / (n + 2) {
            let lower = term * (b / n) * betaFraction(a: a, b: b, x: x, y: y)
            return (lower, 1 - lower)
        }
        let upper = term * (a / n) * betaFraction(a: b, b: a, x: y, y: x)
        return (1 - upper, upper)
    }

    /// The continued fraction of Iₓ(a, b), by the modified Lentz method; converges for x < (a + 1) / (a + b + 2).
    ///
    /// Its first denominator, 1 − (a + b) x / (a + 1), cancels badly when x is near 1 and a is large (a t test
    /// with many degrees of freedom); it is then formed from `y` = 1 − x as (1 − b + (a + b) y) / (a + 1).
    private static func betaFraction(a: Double, b: Double, x: Double, y: Double) -> Double {
        let tiny = 1e-300
        let sum = a + b
        var c = 1.0
        var d = x > 0.5 ? (1 - b + sum * y) / (a + 1) : 1 - sum * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        var m = 1.0
        while m < 10_000_000 {
            let twoM = 2 * m
            var step = m * (b - m) * x / ((a - 1 + twoM) * (a + twoM))
            d = 1 + step * d
            if abs(d) < tiny { d = tiny }
            c = 1 + step / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            step = -(a + m) * (sum + m) * x / ((a + twoM) * (a + 1 + twoM))
            d = 1 + step * d
            if abs(d) < tiny { d = tiny }
            c = 1 + step / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
            m += 1
        }
        return result
    }
}
