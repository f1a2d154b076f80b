import Foundation

extension SpecialFunctions {
    /// The regularised lower incomplete gamma function P(`a`, `x`) = γ(`a`, `x`) / Γ(`a`), for `a` > 0, `x` ≥ 0.
    ///
    /// `x` = +∞ gives 1; `a` ≤ 0, `a` = ∞, `x` < 0 or NaN give NaN.
    public static func regularizedGammaP(a: Double, x: Double) -> Double {
        incompleteGamma(a: a, x: x).lower
    }

    /// The regularised upper incomplete gamma function Q(`a`, `x`) = 1 − P(`a`, `x`), computed directly.
    ///
    /// Q is the chi-square p-value: it keeps its relative accuracy far into the tail (down to the smallest
    /// normal double), because the tail is evaluated as a tail, never as 1 − P. Domain as `regularizedGammaP`.
    public static func regularizedGammaQ(a: Double, x: Double) -> Double {
        incompleteGamma(a: a, x: x).upper
    }

    /// P(`a`, `x`) and Q(`a`, `x`) together: whichever is smaller is computed and the other is 1 minus it.
    ///
    /// Three regimes (after Numerical Recipes §6.2, with Loader's prefactor and a small-shape branch in the
    /// style of DiDonato & Morris): `a` < 1 with `x` < 2, a series for both; `x` < `a` + 1, the series for P;
    /// otherwise Legendre's continued fraction for Q.
    static func incompleteGamma(a: Double, x: Double) -> (lower: Double, upper: Double) {
        guard a > 0, a.isFinite, x >= 0 else { return (.nan, .nan) }
        if x == 0 { return (0, 1) }
        if x == .infinity { return (1, 0) }
        if a < 1 && x < 2 { return smallShapeGamma(a: a, x: x) }
        if x < a + 1 {
            let lower = SaddlePoint.poissonTerm(a, x) * lowerGammaSeries(a: a, x: x)
            return (lower, 1 - lower)
        }
        let upper = SaddlePoint.poissonTerm(a, x) * (a * upperGammaFraction(a: a, x: x))
        return (1 - upper, upper)
    }

    /// Σₙ xⁿ / ((a + 1)⋯(a + n)), so that P(a, x) = xᵃ e⁻ˣ / Γ(a + 1) times it; all terms positive.
    private static func lowerGammaSeries(a: Double, x: Double) -> Double {
        var sum = 1.0
        var term = 1.0
        var n = 1.0
        while term > sum * Double.ulpOfOne / 2 {
            term *= x / (a + n)
            sum += term
            n += 1
        }
        return sum
    }

    /// Legendre's continued fraction for Γ(a, x) eˣ x⁻ᵃ, by the modified Lentz method; converges for x > a + 1.
    private static func upperGammaFraction(a: Double, x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var result = d
        var i = 1.0
        while i < 10_000_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
            i += 1
        }
        return result
    }

    /// P and Q for a < 1 and x < 2, where Q = 1 − P would lose the digits of a Q near a·E₁(x).
    ///
    /// With u = xᵃ / Γ(a + 1) and S = a Σₙ₌₁ (−x)ⁿ / (n! (a + n)): P = u (1 + S) and Q = −expm1(ln u) − u S.
    private static func smallShapeGamma(a: Double, x: Double) -> (lower: Double, upper: Double) {
        let logU = a * log(x) - logGammaOnePlus(a)
        let u = exp(logU)
        var power = 1.0
        var sum = 0.0
        var n = 1.0
        while true {
            power *= -x / n
            let term = power / (a + n)
            sum += term
            if abs(term) <= abs(sum) * Double.ulpOfOne / 2 { break }
            n += 1
        }
        let s = a * sum
        return (u * (1 + s), -expm1(logU) - u * s)
    }
}
