/// Student's t distribution with (possibly non-integer, as in Welch's test) degrees of freedom.
public enum StudentTDistribution {
    /// P(T > `t`) for T ~ t(`degreesOfFreedom`); the upper tail is accurate to 1e-300.
    ///
    /// `degreesOfFreedom` = +∞ gives the normal tail; `degreesOfFreedom` ≤ 0 or NaN arguments give NaN.
    public static func survival(_ t: Double, degreesOfFreedom: Double) -> Double {
        guard !t.isNaN, degreesOfFreedom > 0 else { return .nan }
        if degreesOfFreedom == .infinity { return NormalDistribution.survival(t) }
        let tail = 0.5 * twoSidedP(abs(t), degreesOfFreedom: degreesOfFreedom)
        return t >= 0 ? tail : 1 - tail
    }

    /// P(|T| ≥ |`t`|), the two-sided p-value of a t statistic, computed directly as I_{ν/(ν+t²)}(ν/2, ½).
    ///
    /// Domain as `survival`.
    public static func twoSidedP(_ t: Double, degreesOfFreedom: Double) -> Double {
        guard !t.isNaN, degreesOfFreedom > 0 else { return .nan }
        if degreesOfFreedom == .infinity { return 2 * NormalDistribution.survival(abs(t)) }
        let squared = t * t
        let x: Double
        let y: Double
        if squared < degreesOfFreedom {
            x = degreesOfFreedom / (degreesOfFreedom + squared)
            y = squared / (degreesOfFreedom + squared)
        } else {
            // ν/t² cannot overflow where t² would.
            let ratio = degreesOfFreedom / abs(t) / abs(t)
            x = ratio / (1 + ratio)
            y = 1 / (1 + ratio)
        }
        return SpecialFunctions.incompleteBeta(a: degreesOfFreedom / 2, b: 0.5, x: x, y: y).lower
    }
}
