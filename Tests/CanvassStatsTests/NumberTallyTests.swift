import Testing

@testable import CanvassStats

/// Numbers are kept as value counts, bounded: beyond `NumberTally.limit` different values the counts are
/// coarsened, the moments and extremes stay exact and only the quartiles become approximate.
@Suite("Bounded number tallies")
struct NumberTallyTests {
    /// Distinct values, seeded.
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) * 1000 + 0.000_001
        }
    }

    func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    @Test("Few different numbers: exact counts, the same sample as the list")
    func exactWhileSmall() {
        var tally = NumberTally()
        let list = [3.0, 1, 2, 3, 3, 0.5, 2]
        for value in list { tally.add(value) }
        #expect(tally.significantFigures == nil)
        #expect(tally.sample == Sample(list))
        #expect(!tally.sample.isCoarsened)
    }

    @Test("Many different numbers: memory bounded, moments and extremes exact, quartiles close")
    func coarsenedWhenLarge() {
        let list = Self.values(60_000, seed: 7)
        var tally = NumberTally()
        for value in list { tally.add(value) }
        let exact = Sample(list)
        let sample = tally.sample
        #expect(tally.counts.count <= NumberTally.limit)
        #expect(sample.isCoarsened)
        #expect(sample.count == list.count)
        #expect(relative(sample.mean, exact.mean) < 1e-12)
        #expect(relative(sample.variance, exact.variance) < 1e-12)
        #expect(sample.minimum == exact.minimum && sample.maximum == exact.maximum)
        let figures = tally.significantFigures ?? 0
        #expect(figures >= 3)
        for p in [0.25, 0.5, 0.75] {
            // Rounding moves each value by at most half a unit in the last kept figure.
            #expect(abs(sample.quantile(p) - exact.quantile(p)) <= 1000 * pow10(-figures + 1), "p \(p)")
        }
    }

    @Test("Merging workers' tallies (exact with coarsened, either way round) gives the whole's moments")
    func merging() {
        let list = Self.values(40_000, seed: 11)
        let (left, right) = (Array(list[..<100]), Array(list[100...]))
        var small = NumberTally()
        var large = NumberTally()
        for value in left { small.add(value) }
        for value in right { large.add(value) }
        var one = small
        one.merge(large)
        var other = large
        other.merge(small)
        let exact = Sample(list)
        for merged in [one, other] {
            #expect(merged.count == list.count)
            #expect(merged.significantFigures == large.significantFigures)
            #expect(relative(merged.sample.mean, exact.mean) < 1e-12)
            #expect(relative(merged.sample.variance, exact.variance) < 1e-12)
            #expect(merged.counts.values.reduce(0, +) == list.count)
        }
    }

    func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}
