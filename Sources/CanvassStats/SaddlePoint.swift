import Foundation

/// Loader's saddle-point pieces, which give the prefactors of the incomplete gamma and beta functions to full
/// relative precision even for shapes in the thousands, where ln Γ differences would cancel away digits.
///
/// Catherine Loader, "Fast and accurate computation of binomial probabilities" (2000), as used by R's
/// `dpois_raw` and `dbinom_raw`; extended here to non-integer arguments through `logGamma`.
enum SaddlePoint {
    /// ln √(2π).
    static let halfLogTwoPi = 0.918_938_533_204_672_8

    /// Stirling's error ln Γ(`n` + 1) − (`n` + ½) ln `n` + `n` − ln √(2π), for `n` > 0.
    static func stirlingError(_ n: Double) -> Double {
        if n <= 15 {
            // Small enough that the direct form loses at most ~1e-14 absolute, which is what matters in exp().
            return SpecialFunctions.logGammaOnePlus(n) - (n + 0.5) * log(n) + n - halfLogTwoPi
        }
        let s0 = 1.0 / 12
        let s1 = 1.0 / 360
        let s2 = 1.0 / 1260
        let s3 = 1.0 / 1680
        let s4 = 1.0 / 1188
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// The deviance `x` ln(`x`/`m`) + `m` − `x`, by a series when `x` is near `m` (where the direct form cancels).
    static func deviance(_ x: Double, _ m: Double) -> Double {
        let difference = x - m
        if abs(difference) < 0.1 * (x + m) {
            var v = difference / (x + m)
            var sum = difference * v
            var term = 2 * x * v
            v *= v
            for j in 1..<1000 {
                term *= v
                let next = sum + term / Double(2 * j + 1)
                if next == sum { return next }
                sum = next
            }
            return sum
        }
        let ratio = x / m
        let logRatio = ratio.isFinite && ratio > 0 ? log(ratio) : log(x) - log(m)
        return x * logRatio + m - x
    }

    /// `x`^`a` e^−`x` / Γ(`a` + 1), the Poisson-like prefactor of the incomplete gamma function.
    static func poissonTerm(_ a: Double, _ x: Double) -> Double {
        if a < 1 { return exp(a * log(x) - x - SpecialFunctions.logGammaOnePlus(a)) }
        return exp(-stirlingError(a) - deviance(a, x)) / sqrt(2 * Double.pi * a)
    }

    /// Γ(`a` + `b` + 1) / (Γ(`a` + 1) Γ(`b` + 1)) `x`^`a` `y`^`b`, with `y` = 1 − `x` passed in unrounded.
    static func binomialTerm(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
        let n = a + b
        let exponent =
            stirlingError(n) - stirlingError(a) - stirlingError(b) - deviance(a, n * x) - deviance(b, n * y)
        let logScale = 2 * halfLogTwoPi + log(a) + log(b) - log(n)
        return exp(exponent - 0.5 * logScale)
    }
}
