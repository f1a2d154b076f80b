import CanvassStats
import Testing

/// A function of CanvassStats paired with the scipy function it must reproduce, and how closely.
struct ReferenceCheck: Sendable, CustomTestStringConvertible {
    /// The scipy name used in the fixture.
    let function: String
    /// The largest relative error allowed.
    let tolerance: Double
    /// The CanvassStats computation, given the fixture's arguments.
    let compute: @Sendable ([Double]) -> Double

    var testDescription: String { "\(function) within \(tolerance)" }
}

/// Special functions and statistics must match to 1e-12; distribution p-values (tails) to 1e-9.
private let checks: [ReferenceCheck] = [
    ReferenceCheck(function: "gammaln", tolerance: 1e-12) { SpecialFunctions.logGamma($0[0]) },
    ReferenceCheck(function: "gammainc", tolerance: 1e-12) {
        SpecialFunctions.regularizedGammaP(a: $0[0], x: $0[1])
    },
    ReferenceCheck(function: "gammaincc", tolerance: 1e-12) {
        SpecialFunctions.regularizedGammaQ(a: $0[0], x: $0[1])
    },
    ReferenceCheck(function: "betainc", tolerance: 1e-12) {
        SpecialFunctions.regularizedBeta(x: $0[2], a: $0[0], b: $0[1])
    },
    ReferenceCheck(function: "betaincc", tolerance: 1e-12) {
        SpecialFunctions.regularizedBetaComplement(x: $0[2], a: $0[0], b: $0[1])
    },
    ReferenceCheck(function: "ndtr", tolerance: 1e-12) { NormalDistribution.cdf($0[0]) },
    ReferenceCheck(function: "ndtri", tolerance: 1e-12) { NormalDistribution.quantile($0[0]) },
    ReferenceCheck(function: "norm.sf", tolerance: 1e-9) { NormalDistribution.survival($0[0]) },
    ReferenceCheck(function: "chi2.sf", tolerance: 1e-9) {
        ChiSquareDistribution.survival($0[0], degreesOfFreedom: $0[1])
    },
    ReferenceCheck(function: "t.sf", tolerance: 1e-9) {
        StudentTDistribution.survival($0[0], degreesOfFreedom: $0[1])
    },
    ReferenceCheck(function: "t.p2", tolerance: 1e-9) {
        StudentTDistribution.twoSidedP($0[0], degreesOfFreedom: $0[1])
    },
    ReferenceCheck(function: "f.sf", tolerance: 1e-9) {
        FDistribution.survival($0[0], numerator: $0[1], denominator: $0[2])
    },
]

@Suite("Reference values from scipy")
struct ReferenceTests {
    @Test("The fixture was read")
    func fixtureRead() {
        #expect(ReferenceValues.rows.count > 1500)
        #expect(Set(ReferenceValues.rows.map(\.function)) == Set(checks.map(\.function)))
    }

    /// Every fixture row within tolerance of scipy, except where scipy itself is further than the tolerance
    /// from mpmath's 50-digit value: there mpmath is the reference, and the row is named in the output.
    @Test("Matches scipy", arguments: checks)
    func matchesReference(_ check: ReferenceCheck) {
        let rows = ReferenceValues.rows(for: check.function)
        #expect(!rows.isEmpty)
        var worst = (error: 0.0, arguments: [Double](), value: 0.0, expected: 0.0)
        var worstAgainstMpmath = 0.0
        var failures: [String] = []
        for row in rows {
            var expected = row.scipy
            if let exact = row.mpmath, relativeError(row.scipy, exact) > check.tolerance {
                print("\(check.function)\(row.arguments): scipy \(row.scipy) is off; using mpmath \(exact)")
                expected = exact
            }
            let value = check.compute(row.arguments)
            let error = relativeError(value, expected)
            if let exact = row.mpmath { worstAgainstMpmath = max(worstAgainstMpmath, relativeError(value, exact)) }
            if error > worst.error || error.isNaN { worst = (error, row.arguments, value, expected) }
            if !(error <= check.tolerance) {
                failures.append("\(row.arguments): got \(value), expected \(expected), relative error \(error)")
            }
        }
        print(
            "\(check.function): \(rows.count) values, worst relative error \(worst.error) at \(worst.arguments)"
                + " (got \(worst.value), expected \(worst.expected)); against mpmath \(worstAgainstMpmath)"
        )
        #expect(
            failures.isEmpty,
            "\(check.function): \(failures.count) beyond \(check.tolerance):\n\(failures.joined(separator: "\n"))")
    }
}
