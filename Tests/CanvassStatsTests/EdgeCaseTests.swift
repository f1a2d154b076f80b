import CanvassStats
import Testing

/// Domain errors give NaN (never a trap), and the ends of each domain give their exact limits.
@Suite("Edges and domain errors")
struct EdgeCaseTests {
    @Test("Arguments outside a domain give NaN")
    func domainErrors() {
        let values = [
            SpecialFunctions.logGamma(-1.5), SpecialFunctions.logGamma(.nan),
            SpecialFunctions.regularizedGammaP(a: 0, x: 1), SpecialFunctions.regularizedGammaQ(a: -1, x: 1),
            SpecialFunctions.regularizedGammaQ(a: 2, x: -1), SpecialFunctions.regularizedGammaP(a: .infinity, x: 1),
            SpecialFunctions.regularizedGammaP(a: .nan, x: 1), SpecialFunctions.regularizedGammaQ(a: 1, x: .nan),
            SpecialFunctions.regularizedBeta(x: 1.5, a: 1, b: 1), SpecialFunctions.regularizedBeta(x: -0.1, a: 1, b: 1),
            SpecialFunctions.regularizedBeta(x: 0.5, a: 0, b: 1),
            SpecialFunctions.regularizedBetaComplement(x: 0.5, a: 1, b: -2),
            SpecialFunctions.regularizedBeta(x: .nan, a: 1, b: 1),
            NormalDistribution.quantile(-0.1), NormalDistribution.quantile(1.1), NormalDistribution.quantile(.nan),
            NormalDistribution.cdf(.nan), NormalDistribution.survival(.nan),
            ChiSquareDistribution.survival(3, degreesOfFreedom: 0),
            ChiSquareDistribution.survival(.nan, degreesOfFreedom: 2),
            StudentTDistribution.survival(1, degreesOfFreedom: 0),
            StudentTDistribution.twoSidedP(.nan, degreesOfFreedom: 3),
            FDistribution.survival(1, numerator: 0, denominator: 3),
            FDistribution.survival(1, numerator: 2, denominator: -1),
            FDistribution.survival(.nan, numerator: 2, denominator: 3),
        ]
        for (index, value) in values.enumerated() {
            #expect(value.isNaN, "value \(index) is \(value)")
        }
    }

    @Test("logGamma at its pole, zeros and infinity")
    func logGammaEdges() {
        #expect(SpecialFunctions.logGamma(0) == .infinity)
        #expect(SpecialFunctions.logGamma(1) == 0)
        #expect(SpecialFunctions.logGamma(2) == 0)
        #expect(SpecialFunctions.logGamma(.infinity) == .infinity)
        #expect(SpecialFunctions.logGamma(3) == 0.693_147_180_559_945_3)  // ln 2, to the last bit
    }

    @Test("Incomplete gamma and beta at the ends of their ranges")
    func incompleteEnds() {
        #expect(SpecialFunctions.regularizedGammaP(a: 2.5, x: 0) == 0)
        #expect(SpecialFunctions.regularizedGammaQ(a: 2.5, x: 0) == 1)
        #expect(SpecialFunctions.regularizedGammaP(a: 2.5, x: .infinity) == 1)
        #expect(SpecialFunctions.regularizedGammaQ(a: 2.5, x: .infinity) == 0)
        #expect(SpecialFunctions.regularizedBeta(x: 0, a: 2, b: 3) == 0)
        #expect(SpecialFunctions.regularizedBeta(x: 1, a: 2, b: 3) == 1)
        #expect(SpecialFunctions.regularizedBetaComplement(x: 0, a: 2, b: 3) == 1)
        #expect(SpecialFunctions.regularizedBetaComplement(x: 1, a: 2, b: 3) == 0)
        // Q(1, x) = e^−x exactly, far into the tail.
        #expect(abs(SpecialFunctions.regularizedGammaQ(a: 1, x: 690) / 2.171_738_281_389_827e-300 - 1) < 1e-12)
    }

    @Test("Distributions at 0 and ±∞")
    func distributionEnds() {
        #expect(NormalDistribution.cdf(-.infinity) == 0)
        #expect(NormalDistribution.cdf(.infinity) == 1)
        #expect(NormalDistribution.cdf(0) == 0.5)
        #expect(NormalDistribution.survival(.infinity) == 0)
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(0.5) == 0)
        #expect(ChiSquareDistribution.survival(0, degreesOfFreedom: 3) == 1)
        #expect(ChiSquareDistribution.survival(-2, degreesOfFreedom: 3) == 1)
        #expect(ChiSquareDistribution.survival(.infinity, degreesOfFreedom: 3) == 0)
        #expect(ChiSquareDistribution.cdf(0, degreesOfFreedom: 3) == 0)
        #expect(StudentTDistribution.survival(0, degreesOfFreedom: 7.3) == 0.5)
        #expect(StudentTDistribution.twoSidedP(0, degreesOfFreedom: 7.3) == 1)
        #expect(StudentTDistribution.survival(.infinity, degreesOfFreedom: 7.3) == 0)
        #expect(StudentTDistribution.survival(-.infinity, degreesOfFreedom: 7.3) == 1)
        #expect(StudentTDistribution.survival(1.5, degreesOfFreedom: .infinity) == NormalDistribution.survival(1.5))
        #expect(FDistribution.survival(0, numerator: 2, denominator: 7.3) == 1)
        #expect(FDistribution.survival(.infinity, numerator: 2, denominator: 7.3) == 0)
        #expect(FDistribution.cdf(0, numerator: 2, denominator: 7.3) == 0)
    }

    @Test("Tails and their complements are consistent", arguments: [0.5, 3.7, 151.8])
    func complements(shape: Double) {
        for x in [0.1, 1, shape, 3 * shape] {
            let lower = SpecialFunctions.regularizedGammaP(a: shape, x: x)
            let upper = SpecialFunctions.regularizedGammaQ(a: shape, x: x)
            #expect(abs(lower + upper - 1) < 1e-15)
        }
        for p in [1e-300, 1e-10, 0.3, 0.5, 0.9] {
            let x = NormalDistribution.quantile(p)
            #expect(abs(NormalDistribution.cdf(x) / p - 1) < 1e-13)
        }
        let t = 2.2
        let twoSided = StudentTDistribution.twoSidedP(t, degreesOfFreedom: shape)
        #expect(abs(2 * StudentTDistribution.survival(-t, degreesOfFreedom: shape) - (2 - twoSided)) < 1e-15)
    }
}
