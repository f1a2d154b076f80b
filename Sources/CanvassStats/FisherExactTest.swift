import Foundation

/// Fisher's exact test on a 2 × 2 table, two-sided, as `scipy.stats.fisher_exact` (and R's `fisher.test`).
///
/// With the margins fixed, the top-left count follows a hypergeometric distribution; the two-sided p-value sums
/// the probabilities of every table no more probable than the observed one, "no more" allowing scipy's relative
/// tolerance of 1e-14 so that tables equal in exact arithmetic are counted whatever the rounding. A table at the
/// mode has p = 1. Probabilities come from Loader's saddle-point binomial terms (as R's `dhyper`), so they stay
/// accurate to the last digits however large the counts, and p-values down to the double range (1e-308) come
/// out as numbers, not 0.
public enum FisherExactTest {
    /// The test on `table` = [[a, b], [c, d]]; the statistic is the sample odds ratio ad/(bc).
    ///
    /// As scipy: the odds ratio is +∞ when b or c is 0, and a table with an empty row or column has odds ratio
    /// NaN and p = 1 (nothing can be inferred). A table that is not 2 × 2 or has a negative count gives NaN.
    public static func test(_ table: [[Int]]) -> TestResult {
        guard table.count == 2, table.allSatisfy({ $0.count == 2 }) else {
            return .undefined(name, "Fisher's exact test needs a 2 × 2 table")
        }
        let (a, b, c, d) = (table[0][0], table[0][1], table[1][0], table[1][1])
        guard min(a, b, c, d) >= 0 else { return .undefined(name, "a count is negative") }
        if a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0 {
            return TestResult(name: name, statistic: .nan, p: 1, note: "a row or column is empty")
        }
        let oddsRatio = b > 0 && c > 0 ? Double(a) * Double(d) / (Double(b) * Double(c)) : .infinity
        let distribution = Hypergeometric(successes: a + b, failures: c + d, draws: a + c)
        return TestResult(name: name, statistic: oddsRatio, p: distribution.twoSidedP(observed: a))
    }

    /// The test's name in output.
    static let name = "fisher_exact"
}

/// The number of successes among `draws` taken without replacement from `successes` + `failures` items.
struct Hypergeometric {
    let successes: Int
    let failures: Int
    let draws: Int

    /// The smallest and largest possible counts.
    var support: ClosedRange<Int> { max(0, draws - failures)...min(draws, successes) }

    /// The most probable count, ⌊(draws + 1)(successes + 1)/(total + 2)⌋.
    var mode: Int { (draws + 1) * (successes + 1) / (successes + failures + 2) }

    /// P(X = `x`), as R's `dhyper`: binomial terms at p = draws/total, whose ratio cancels p.
    func probability(_ x: Int) -> Double {
        guard support.contains(x) else { return 0 }
        let total = successes + failures
        let p = Double(draws) / Double(total)
        let q = Double(total - draws) / Double(total)
        return Self.binomial(x, successes, p, q) * Self.binomial(draws - x, failures, p, q)
            / Self.binomial(draws, total, p, q)
    }

    /// P(X = `x`) for X ~ Binomial(`n`, `p`), q = 1 − p passed in unrounded (R's `dbinom_raw`).
    static func binomial(_ x: Int, _ n: Int, _ p: Double, _ q: Double) -> Double {
        if p == 0 { return x == 0 ? 1 : 0 }
        if q == 0 { return x == n ? 1 : 0 }
        let size = Double(n)
        if x == 0 {
            if n == 0 { return 1 }
            return exp(p < 0.1 ? -SaddlePoint.deviance(size, size * q) - size * p : size * log(q))
        }
        if x == n {
            return exp(q < 0.1 ? -SaddlePoint.deviance(size, size * p) - size * q : size * log(p))
        }
        return SaddlePoint.binomialTerm(Double(x), Double(n - x), p, q)
    }

    /// The two-sided p-value of `observed`: the total probability of counts no more probable than it.
    func twoSidedP(observed: Int) -> Double {
        let tolerance = 1e-14
        let observedProbability = probability(observed)
        let modeProbability = probability(mode)
        if abs(observedProbability - modeProbability) / max(observedProbability, modeProbability) <= tolerance {
            return 1
        }
        let threshold = observedProbability * (1 + tolerance)
        var sum = 0.0
        // Each tail is summed from its end inward, smallest terms first; probabilities fall away from the mode.
        if observed < mode {
            for x in support.lowerBound...observed { sum += probability(x) }
            for x in stride(from: support.upperBound, to: mode, by: -1) {
                let term = probability(x)
                if term > threshold { break }
                sum += term
            }
        } else {
            for x in stride(from: support.upperBound, through: observed, by: -1) { sum += probability(x) }
            for x in support.lowerBound..<mode {
                let term = probability(x)
                if term > threshold { break }
                sum += term
            }
        }
        return min(sum, 1)
    }
}
