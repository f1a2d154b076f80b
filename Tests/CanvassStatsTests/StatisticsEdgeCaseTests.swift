import CanvassStats
import Testing

/// Degenerate inputs give documented values or NaN with a reason, never a trap.
@Suite("Edge cases of the descriptives and tests")
struct StatisticsEdgeCaseTests {
    @Test("Descriptives of empty and single-value samples")
    func descriptives() {
        #expect(Descriptives.mean([]).isNaN)
        #expect(Descriptives.standardDeviation([4]).isNaN)
        #expect(Descriptives.median([4]) == 4)
        #expect(Descriptives.quartiles([]).median.isNaN)
        #expect(Descriptives.quartiles([1, 2, 3, 4]) == (1.75, 2.5, 3.25))
        #expect(Descriptives.quantile([1, 2], probability: 1.5).isNaN)
    }

    @Test("Wilson bounds are exactly 0 and 1 at the ends, NaN without trials")
    func wilson() {
        #expect(WilsonInterval(successes: 0, trials: 10).lower == 0)
        #expect(WilsonInterval(successes: 10, trials: 10).upper == 1)
        #expect(WilsonInterval(successes: 0, trials: 0).lower.isNaN)
        #expect(WilsonInterval(successes: 1, trials: 2, level: 1).upper.isNaN)
    }

    @Test(
        "Undefined tests say why",
        arguments: [
            (ChiSquareTest.test([[1, 2, 3]]), "fewer than two rows or columns have counts"),
            (ChiSquareTest.test([[0, 0], [0, 0]]), "fewer than two rows or columns have counts"),
            (ChiSquareTest.test([]), "the table is empty or ragged"),
            (FisherExactTest.test([[1, 2, 3], [4, 5, 6]]), "Fisher's exact test needs a 2 × 2 table"),
            (MannWhitneyTest.test([], [1, 2]), "a group is empty"),
            (KruskalWallisTest.test([[1, 2, 3]]), "fewer than two groups"),
            (KruskalWallisTest.test([[1, 2], []]), "a group is empty"),
            (KruskalWallisTest.test([[2, 2], [2, 2, 2]]), "all values are tied"),
            (WelchTTest.test([1], [2, 3]), "a group has fewer than two values"),
            (WelchTTest.test([5, 5], [5, 5, 5]), "both groups have zero variance"),
            (WelchANOVA.test([[1, 2], [3, 3]]), "a group has zero variance"),
            (WelchANOVA.test([[1, 2, 4]]), "fewer than two groups"),
        ])
    func undefined(_ result: TestResult, _ reason: String) {
        #expect(result.statistic.isNaN && result.p.isNaN && !result.isDefined)
        #expect(result.note == reason)
    }

    @Test("An empty row or column of a crosstab is left out, and the note says so")
    func emptyCategory() {
        let result = ChiSquareTest.test([[5, 0, 3], [2, 0, 9]])
        let reduced = ChiSquareTest.test([[5, 3], [2, 9]])
        #expect(result.statistic == reduced.statistic && result.p == reduced.p && result.degreesOfFreedom == 1)
        #expect(result.note == "left out 0 empty row(s) and 1 empty column(s)")
    }

    @Test("All values tied: Mann–Whitney p is 1, as scipy")
    func allTied() {
        let result = MannWhitneyTest.test([3, 3, 3], [3, 3])
        #expect(result.statistic == 3 && result.p == 1)
        #expect(MannWhitneyTest.rankBiserial([3, 3, 3], [3, 3]).value == 0)
    }

    @Test("Fisher on a table with an empty row: p = 1, odds ratio NaN, as scipy")
    func fisherEmptyRow() {
        let result = FisherExactTest.test([[3, 4], [0, 0]])
        #expect(result.p == 1 && result.statistic.isNaN)
    }

    @Test("Huge statistics give tiny positive p-values, not 0")
    func tinyP() {
        #expect(FisherExactTest.test([[500, 0], [0, 500]]).p > 0)
        #expect(FisherExactTest.test([[500, 0], [0, 500]]).p < 1e-298)
        #expect(ChiSquareTest.test([[700, 0], [0, 700]]).p > 0)
        #expect(ChiSquareTest.test([[700, 0], [0, 700]]).p < 1e-300)
    }

    @Test("Adjustments keep order, leave NaN alone and cap at 1")
    func adjustments() {
        #expect(PValueAdjustment.holm([]) == [])
        let holm = PValueAdjustment.holm([0.03, .nan, 0.01, 0.8])
        #expect(holm[0] == 0.06 && holm[1].isNaN && holm[2] == 0.03 && holm[3] == 0.8)
        #expect(PValueAdjustment.benjaminiHochberg([0.9, 0.95]) == [0.95, 0.95])
        #expect(PValueAdjustment.holm([0.6, 0.7]) == [1, 1])
    }
}
