/// The chi-square distribution with (possibly non-integer) degrees of freedom.
public enum ChiSquareDistribution {
    /// P(X > `x`) for X ~ χ²(`degreesOfFreedom`): the p-value of a chi-square statistic, accurate to 1e-300.
    ///
    /// `x` ≤ 0 gives 1 and `x` = +∞ gives 0; `degreesOfFreedom` ≤ 0 or infinite, or NaN, gives NaN.
    public static func survival(_ x: Double, degreesOfFreedom: Double) -> Double {
        if x.isNaN { return .nan }
        return SpecialFunctions.regularizedGammaQ(a: degreesOfFreedom / 2, x: max(x, 0) / 2)
    }

    /// P(X ≤ `x`) for X ~ χ²(`degreesOfFreedom`). Domain as `survival`.
    public static func cdf(_ x: Double, degreesOfFreedom: Double) -> Double {
        if x.isNaN { return .nan }
        return SpecialFunctions.regularizedGammaP(a: degreesOfFreedom / 2, x: max(x, 0) / 2)
    }
}
