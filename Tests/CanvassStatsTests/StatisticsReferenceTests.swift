import CanvassStats
import Testing

/// Statistics must match to 1e-12 relative and p-values to 1e-9 (absolute below 1e-300).
private let statisticTolerance = 1e-12
private let pTolerance = 1e-9

@Suite("Descriptives, tests, effects and adjustments against scipy and statsmodels")
struct StatisticsReferenceTests {
    @Test("The fixture was read")
    func fixtureRead() {
        #expect(StatisticsReference.cases.count > 1000)
        let routines: Set = [
            "descriptives", "wilson", "chi_square", "fisher_exact", "mann_whitney_u", "kruskal_wallis", "welch_t",
            "welch_anova", "adjust",
        ]
        #expect(Set(StatisticsReference.cases.map(\.routine)) == routines)
    }

    @Test("Mean, SD and type-7 quantiles match numpy")
    func descriptives() {
        var mean = ErrorTally("mean", tolerance: statisticTolerance)
        var sd = ErrorTally("sd", tolerance: statisticTolerance)
        var quantile = ErrorTally("quantile", tolerance: statisticTolerance)
        for c in StatisticsReference.cases(for: "descriptives") {
            let values = c.values ?? []
            mean.check(Descriptives.mean(values), exact: c.exact.map(\.mean), library: c.expected.mean, at: "\(values)")
            sd.check(
                Descriptives.standardDeviation(values), exact: c.exact.map(\.sd), library: c.expected.sd,
                at: "\(values)")
            let got = Descriptives.quantiles(values, probabilities: c.probabilities ?? [])
            for (i, value) in got.enumerated() {
                quantile.check(
                    value, exact: c.exact.map { $0.quantiles?[i] }, library: c.expected.quantiles?[i] ?? nil,
                    at: "n = \(values.count), p = \(c.probabilities?[i] ?? .nan)")
            }
        }
        report([mean, sd, quantile])
    }

    @Test("Wilson intervals match statsmodels")
    func wilson() {
        var bounds = ErrorTally("wilson bounds", tolerance: statisticTolerance)
        for c in StatisticsReference.cases(for: "wilson") {
            let interval = WilsonInterval(successes: c.successes ?? 0, trials: c.trials ?? 0, level: c.level ?? 0.95)
            let label = "\(c.successes ?? 0)/\(c.trials ?? 0) at \(c.level ?? 0)"
            bounds.check(interval.lower, exact: c.exact.map(\.lower), library: c.expected.lower, at: label)
            bounds.check(interval.upper, exact: c.exact.map(\.upper), library: c.expected.upper, at: label)
        }
        report([bounds])
    }

    @Test("Chi-square and Cramér's V match scipy.stats.chi2_contingency and association")
    func chiSquare() {
        checkTest("chi_square", effectName: "cramers_v") { c in
            let table = c.table ?? []
            return (ChiSquareTest.test(table), ChiSquareTest.cramersV(table))
        }
    }

    @Test("Fisher's exact test matches scipy.stats.fisher_exact")
    func fisherExact() {
        checkTest("fisher_exact", effectName: nil) { c in
            (FisherExactTest.test((c.table ?? []).map { $0.map { Int($0) } }), nil)
        }
    }

    @Test("Mann–Whitney U and rank-biserial r match scipy.stats.mannwhitneyu")
    func mannWhitney() {
        checkTest("mann_whitney_u", effectName: "rank_biserial") { c in
            let groups = c.groups ?? [[], []]
            let result = MannWhitneyTest.test(groups[0], groups[1])
            if result.isDefined {
                let method = c.expected.method == "exact" ? "exact" : "normal approximation"
                #expect(result.note?.hasPrefix(method) == true, "\(groups.map(\.count)): \(result.note ?? "")")
            }
            return (result, MannWhitneyTest.rankBiserial(groups[0], groups[1]))
        }
    }

    @Test("Kruskal–Wallis H and epsilon-squared match scipy.stats.kruskal")
    func kruskalWallis() {
        checkTest("kruskal_wallis", effectName: "epsilon_squared") { c in
            let groups = c.groups ?? []
            return (KruskalWallisTest.test(groups), KruskalWallisTest.epsilonSquared(groups))
        }
    }

    @Test("Welch's t and Cohen's d match scipy.stats.ttest_ind(equal_var=False)")
    func welchT() {
        checkTest("welch_t", effectName: "cohens_d") { c in
            let groups = c.groups ?? [[], []]
            let result = WelchTTest.test(groups[0], groups[1])
            // Cohen's d is defined for the zero-variance cases the fixture marks NaN for the test; skip those.
            return (result, result.isDefined ? WelchTTest.cohensD(groups[0], groups[1]) : nil)
        }
    }

    @Test("Welch's ANOVA matches statsmodels anova_oneway(use_var='unequal')")
    func welchANOVA() {
        checkTest("welch_anova", effectName: nil) { c in (WelchANOVA.test(c.groups ?? []), nil) }
    }

    @Test("Holm and Benjamini–Hochberg match statsmodels multipletests")
    func adjustments() {
        var holm = ErrorTally("holm", tolerance: statisticTolerance, floor: 1e-300)
        var bh = ErrorTally("bh", tolerance: statisticTolerance, floor: 1e-300)
        for c in StatisticsReference.cases(for: "adjust") {
            let p = c.p ?? []
            let gotHolm = PValueAdjustment.holm(p)
            let gotBH = PValueAdjustment.benjaminiHochberg(p)
            #expect(gotHolm.count == p.count && gotBH.count == p.count)
            for i in p.indices {
                holm.check(gotHolm[i], exact: nil, library: c.expected.holm?[i] ?? nil, at: "\(p)[\(i)]")
                bh.check(gotBH[i], exact: nil, library: c.expected.bh?[i] ?? nil, at: "\(p)[\(i)]")
            }
        }
        report([holm, bh])
    }

    /// Checks a test's statistic, df, p and effect size on every case of `routine`.
    private func checkTest(
        _ routine: String, effectName: String?,
        _ run: (StatisticsCase) -> (TestResult, EffectSize?)
    ) {
        var statistic = ErrorTally("\(routine) statistic", tolerance: statisticTolerance)
        var df = ErrorTally("\(routine) df", tolerance: statisticTolerance)
        var df2 = ErrorTally("\(routine) df2", tolerance: statisticTolerance)
        var p = ErrorTally("\(routine) p", tolerance: pTolerance, floor: 1e-300)
        var effect = ErrorTally("\(routine) \(effectName ?? "effect")", tolerance: statisticTolerance)
        let cases = StatisticsReference.cases(for: routine)
        #expect(!cases.isEmpty)
        var smallestP = 1.0
        for c in cases {
            let (result, effectSize) = run(c)
            let label = c.table.map { "\($0)" } ?? "sizes \((c.groups ?? []).map(\.count))"
            #expect(result.isDefined || result.note != nil, "\(label): NaN without a reason")
            statistic.check(result.statistic, exact: c.exact.map(\.statistic), library: c.expected.statistic, at: label)
            if c.expected.df != nil || result.degreesOfFreedom != nil {
                df.check(result.degreesOfFreedom ?? .nan, exact: c.exact.map(\.df), library: c.expected.df, at: label)
            }
            if c.expected.df2 != nil || result.denominatorDegreesOfFreedom != nil {
                df2.check(
                    result.denominatorDegreesOfFreedom ?? .nan, exact: c.exact.map(\.df2), library: c.expected.df2,
                    at: label)
            }
            p.check(result.p, exact: c.exact.map(\.p), library: c.expected.p, at: label)
            if result.p > 0 { smallestP = min(smallestP, result.p) }
            if let effectSize, let effectName {
                #expect(effectSize.name == effectName)
                effect.check(effectSize.value, exact: c.exact.map(\.effect), library: c.expected.effect, at: label)
            }
        }
        print("\(routine): \(cases.count) cases, smallest positive p \(smallestP)")
        report([statistic, df, df2, p] + (effectName == nil ? [] : [effect]))
    }

    /// Prints each tally's worst errors and fails with the cases beyond tolerance.
    private func report(_ tallies: [ErrorTally]) {
        for tally in tallies where tally.count > 0 {
            print(tally.summary)
            #expect(
                tally.failures.isEmpty,
                Comment(
                    rawValue: "\(tally.quantity): \(tally.failures.count) beyond \(tally.tolerance):\n"
                        + tally.failures.prefix(20).joined(separator: "\n")))
        }
    }
}
