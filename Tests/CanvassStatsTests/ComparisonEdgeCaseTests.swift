import CanvassForms
import CanvassStats
import Foundation
import Testing

/// Responses answering `region` with `answers` (JSON object members, without braces) each.
private func responses(_ groups: [(region: String, answers: [String])]) -> [String] {
    var result: [String] = []
    for (region, list) in groups {
        for answers in list {
            let members = answers.isEmpty ? "" : "," + answers
            result.append(responseJSON(id: "r\(result.count)", answers: "{\"region\":\"\(region)\"\(members)}"))
        }
    }
    return result
}

/// `count` responses in `region`, each with `answers(i)`.
private func repeated(_ region: String, _ count: Int, _ answers: (Int) -> String) -> (region: String, answers: [String])
{
    (region, (0..<count).map(answers))
}

/// Whether `got` is within `relative` of `expected`.
private func near(_ got: Double?, _ expected: Double, _ relative: Double) -> Bool {
    guard let got else { return false }
    return got == expected || abs(got - expected) <= relative * max(abs(got), abs(expected))
}

@Suite("Comparisons at the edges: empty and single groups, ties, zero variance, tiny p-values")
struct ComparisonEdgeCaseTests {
    /// North and south of five, east of four, west empty.
    static let uneven = responses([
        (
            "north",
            [
                #""satisfaction":1,"member":true,"days":1,"channels":["dont_know"]"#,
                #""satisfaction":2,"member":true,"days":2,"channels":["dont_know"]"#,
                #""satisfaction":3,"member":true,"days":3,"channels":["dont_know"]"#,
                #""satisfaction":4,"member":false,"days":4,"channels":["dont_know"]"#,
                #""satisfaction":5,"member":false,"days":5,"channels":["dont_know"]"#,
            ]
        ),
        (
            "south",
            [
                #""satisfaction":2,"member":true,"days":2,"channels":["web"]"#,
                #""satisfaction":3,"member":false,"days":3,"channels":["web","phone"]"#,
                #""satisfaction":4,"member":false,"days":4,"channels":["phone"]"#,
                #""satisfaction":5,"member":false,"days":5,"channels":["none"]"#,
                #""satisfaction":5,"member":false,"days":6.5,"channels":["web"]"#,
            ]
        ),
        (
            "east",
            [
                #""satisfaction":1,"member":true,"days":1,"channels":["web"]"#,
                #""satisfaction":1,"member":true,"days":1.5,"channels":["email"]"#,
                #""satisfaction":2,"member":false,"days":2,"channels":["web"]"#,
                #""satisfaction":3,"member":false,"days":9,"channels":["phone"]"#,
            ]
        ),
    ])

    @Test("An empty group has n 0, no percents or descriptives, and drops out of the tests it cannot take part in")
    func emptyGroup() throws {
        let comparison = try compare(Self.uneven, by: "region")
        #expect(comparison.groups.map(\.value) == ["north", "south", "east", "west"])
        #expect(comparison.groups.map(\.n) == [5, 5, 4, 0])
        let member = try #require(question("member", in: comparison))
        #expect(member.rows.map(\.counts) == [[3, 1, 2, 0], [2, 4, 2, 0]])
        #expect(member.bases == [5, 5, 4, 0])
        #expect(member.rows.allSatisfy { $0.percents[3] == nil && $0.intervals[3] == nil })
        // The empty column is left out: the test is that of the 2 × 3 table.
        let table: [[Double]] = [[3, 1, 2], [2, 4, 2]]
        let expected = ChiSquareTest.test(table)
        #expect(member.test?.name == "chi_square")
        #expect(member.test?.statistic == expected.statistic)
        #expect(member.test?.df == 2)
        #expect(member.test?.p == expected.p)
        #expect(member.effect?.value == ChiSquareTest.cramersV(table).value)
        for question in [
            member, try #require(question("satisfaction", in: comparison)),
            try #require(question("days", in: comparison)),
        ] {
            if let west = question.summary.last {
                #expect(west.group == "west" && (west.n ?? 0) == 0, "\(question.id) \(west)")
                #expect(west.mean == nil && west.sd == nil && west.median == nil && west.max == nil, "\(question.id)")
            }
            if let test = question.test {
                #expect(test.p.isNaN ? test.note != nil : (0...1).contains(test.p), "\(question.id): \(test)")
            }
            // Pairs within north, south and east are tested and Holm-adjusted among themselves; west has none.
            #expect(question.pairwise.count == 3, "\(question.id)")
            #expect(question.notes.contains("the test leaves out 1 group(s) with no answers"), "\(question.id)")
            let defined = question.pairwise.filter { $0.a != "west" && $0.b != "west" }
            #expect(defined.allSatisfy { $0.test.p.isFinite }, "\(question.id): \(defined.map(\.test))")
            let adjusted = PValueAdjustment.holm(defined.map(\.test.p))
            #expect(defined.map(\.test.pAdjusted) == adjusted.map { Optional($0) }, "\(question.id)")
            for pair in question.pairwise where pair.b == "west" {
                #expect(pair.test.p.isNaN || pair.test.p == 1, "\(question.id) \(pair.a)–west: \(pair.test)")
                #expect(pair.test.p.isNaN == (pair.test.pAdjusted == nil), "\(question.id) \(pair.a)–west")
            }
        }
        let satisfaction = try #require(question("satisfaction", in: comparison))
        let pair = try #require(satisfaction.pairwise.first)
        let mannWhitney = MannWhitneyTest.test([1, 2, 3, 4, 5], [2, 3, 4, 5, 5])
        #expect(pair.test.name == "mann_whitney_u" && pair.test.statistic == mannWhitney.statistic)
        #expect(pair.test.p == mannWhitney.p)
    }

    @Test("A group whose every answer is a missing option has base 0: no percents, counted as missing")
    func groupOfMissingAnswers() throws {
        let comparison = try compare(Self.uneven, by: "region", groups: ["north", "south"])
        let channels = try #require(question("channels", in: comparison))
        #expect(channels.bases == [0, 5])
        #expect(channels.base == 5)
        #expect(channels.rows.map(\.counts) == [[0, 3], [0, 2], [0, 0], [0, 0], [0, 1]])
        #expect(channels.rows.allSatisfy { $0.percents[0] == nil && $0.intervals[0] == nil })
        #expect(channels.rows.allSatisfy { $0.percentsOfResponses?[0] == nil })
        #expect(row("web", of: channels)?.percents[1] == 60)
        #expect(row("web", of: channels)?.percentsOfResponses?[1] == 50)
        #expect(missingRow("dont_know", of: channels)?.counts == [5, 0])
        #expect(missingRow("dont_know", of: channels)?.total == 5)
        // Only one group has answers: nothing is tested, and the note says why.
        #expect(channels.rows.allSatisfy { $0.test == nil })
        #expect(channels.notes.contains("not tested: fewer than two groups have answers"))
    }

    @Test("One group, or no grouping: counts and descriptives but no test")
    func singleGroup() throws {
        for comparison in [try compare(Self.uneven, by: "region", groups: ["south"]), try compare(Self.uneven)] {
            #expect(comparison.groups.count == 1)
            for question in comparison.questions {
                #expect(question.test == nil, "\(question.id)")
                #expect(question.effect == nil, "\(question.id)")
                #expect(question.pairwise.isEmpty, "\(question.id)")
                #expect(question.rows.allSatisfy { $0.test == nil && $0.pairwise.isEmpty }, "\(question.id)")
            }
        }
        let south = try compare(Self.uneven, by: "region", groups: ["south"])
        #expect(south.groups.first?.n == 5)
        #expect(question("days", in: south)?.summary.first?.mean == 4.1)
        let all = try compare(Self.uneven)
        #expect(all.groups.map(\.value) == ["all"])
        #expect(all.groups.first?.n == 14)
        #expect(question("member", in: all)?.rows.map(\.counts) == [[6], [8]])
    }

    @Test("Every answer tied: U is n₁n₂/2 with p 1; rank and mean tests across 3 groups are undefined, with reasons")
    func allTied() throws {
        let tied = responses([
            repeated("north", 6) { _ in #""satisfaction":3,"days":5,"member":true"# },
            repeated("south", 4) { _ in #""satisfaction":3,"days":5,"member":true"# },
            repeated("east", 3) { _ in #""satisfaction":3,"days":5,"member":true"# },
        ])
        let two = try compare(tied, by: "region", groups: ["north", "south"])
        let satisfaction = try #require(question("satisfaction", in: two))
        #expect(satisfaction.test?.name == "mann_whitney_u")
        #expect(satisfaction.test?.statistic == 12)
        #expect(satisfaction.test?.p == 1)
        #expect(satisfaction.effect?.value == 0)
        #expect(satisfaction.summary.map(\.sd) == [0, 0])
        #expect(satisfaction.summary.map(\.q1) == [3, 3])
        let days = try #require(question("days", in: two))
        #expect(days.test?.name == "welch_t")
        #expect(days.test?.p.isNaN == true)
        #expect(days.test?.note == "both groups have zero variance")
        #expect(days.effect?.value.isNaN == true)
        #expect(days.summary.map(\.median) == [5, 5])
        let member = try #require(question("member", in: two))
        #expect(member.test?.p.isNaN == true)
        #expect(member.test?.note != nil)

        let three = try compare(tied, by: "region", groups: ["north", "south", "east"])
        let rank = try #require(question("satisfaction", in: three)?.test)
        #expect(rank.name == "kruskal_wallis" && rank.p.isNaN && rank.note == "all values are tied")
        let anova = try #require(question("days", in: three)?.test)
        #expect(anova.name == "welch_anova" && anova.p.isNaN && anova.note == "a group has zero variance")
        // Each pair of tied groups: p 1 (Mann–Whitney), undefined (Welch); nothing to adjust is left NaN.
        #expect(question("satisfaction", in: three)?.pairwise.map(\.test.p) == [1, 1, 1])
        #expect(question("satisfaction", in: three)?.pairwise.map(\.test.pAdjusted) == [1, 1, 1])
        #expect(
            question("days", in: three)?.pairwise.allSatisfy { $0.test.p.isNaN && $0.test.pAdjusted == nil } == true)
    }

    @Test("Zero variance in one group only is fine for Welch's t (scipy's values), not for Welch's ANOVA")
    func zeroVarianceInOneGroup() throws {
        let data = responses([
            repeated("north", 3) { _ in #""days":2"# },
            repeated("south", 4) { #""days":\#($0 + 1)"# },
            repeated("east", 3) { #""days":\#($0 * 2)"# },
        ])
        let two = try compare(data, by: "region", groups: ["north", "south"], questions: ["days"])
        let test = try #require(question("days", in: two)?.test)
        // scipy.stats.ttest_ind([2, 2, 2], [1, 2, 3, 4], equal_var=False)
        #expect(near(test.statistic, -0.7745966692414834, 1e-12))
        #expect(near(test.df, 3.0, 1e-12))
        #expect(near(test.p, 0.4950253460597111, 1e-9))
        #expect(question("days", in: two)?.summary.first?.sd == 0)
        let three = try compare(data, by: "region", groups: ["north", "south", "east"], questions: ["days"])
        #expect(question("days", in: three)?.test?.note == "a group has zero variance")
        #expect(question("days", in: three)?.pairwise.map { $0.test.p.isFinite } == [true, true, true])
    }

    @Test("A group of one: descriptives without an SD, Welch undefined, Mann–Whitney exact (scipy's values)")
    func groupOfOne() throws {
        let data = responses([
            repeated("north", 1) { _ in #""days":4,"satisfaction":5"# },
            repeated("south", 3) { #""days":\#($0 + 1),"satisfaction":\#($0 + 1)"# },
        ])
        let comparison = try compare(data, by: "region", groups: ["north", "south"])
        let days = try #require(question("days", in: comparison))
        let north = try #require(days.summary.first)
        #expect(north.n == 1 && north.mean == 4 && north.min == 4 && north.max == 4)
        #expect(north.q1 == 4 && north.median == 4 && north.q3 == 4)
        #expect(north.sd?.isNaN ?? true)
        #expect(days.test?.p.isNaN == true)
        #expect(days.test?.note == "a group has fewer than two values")
        #expect(days.effect?.value == 2)
        let satisfaction = try #require(question("satisfaction", in: comparison))
        // scipy.stats.mannwhitneyu([5], [1, 2, 3]): U = 3, p = 0.5 (exact).
        #expect(satisfaction.test?.statistic == 3)
        #expect(near(satisfaction.test?.p, 0.5, 1e-12))
        #expect(satisfaction.test?.note == "exact")
        #expect(satisfaction.effect?.value == 1)
        #expect(satisfaction.summary.first?.top2 == 100 && satisfaction.summary.first?.net == 100)
    }

    @Test("An option nobody chose: counts and percents 0, Wilson's upper bound, left out of the test")
    func zeroCounts() throws {
        let data = responses([
            ("north", [#""member":true"#, #""member":true"#, #""member":true"#, #""member":false"#]),
            ("south", [#""member":true"#, #""member":false"#, #""member":false"#, #""member":false"#]),
            ("east", [#""member":true"#, #""member":true"#, #""member":false"#, #""member":false"#]),
        ])
        let comparison = try compare(data, by: "region", groups: ["north", "south", "east", "west"])
        let region = try compare(data, questions: ["region"])
        let west = try #require(row("west", of: question("region", in: region)))
        #expect(west.counts == [0] && west.total == 0 && west.percents == [0])
        // statsmodels' proportion_confint(0, 12, method="wilson"), in percent.
        let upper = try #require(west.intervals[0]?.upper)
        #expect(west.intervals[0]?.lower == 0)
        #expect(near(upper, 100 * WilsonInterval(successes: 0, trials: 12).upper, 1e-15))
        // A 2 × 3 table once the empty group is left out: scipy's chi2_contingency gives χ² = 2, df 2.
        let member = try #require(question("member", in: comparison))
        #expect(member.test?.name == "chi_square")
        #expect(near(member.test?.statistic, 2.0, 1e-12))
        #expect(member.test?.df == 2)
        #expect(near(member.test?.p, 0.36787944117144245, 1e-9))
        #expect(member.test?.note == nil)
        #expect(member.notes.contains("the test leaves out 1 group(s) with no answers"))
    }

    @Test("A 2 × 2 with a zero cell and small expected counts gets Fisher's exact test (scipy's values)")
    func fisherWithZeroCell() throws {
        let data = responses([
            repeated("north", 5) { _ in #""member":true"# },
            (
                "south",
                [#""member":true"#, #""member":true"#, #""member":true"#, #""member":false"#, #""member":false"#]
            ),
            ("east", [#""member":true"#, #""member":true"#, #""member":true"#]),
            ("west", [#""member":false"#, #""member":false"#, #""member":false"#, #""member":false"#]),
        ])
        let comparison = try compare(data, by: "region", groups: ["north", "south"], questions: ["member"])
        let test = try #require(question("member", in: comparison)?.test)
        // scipy.stats.fisher_exact([[5, 3], [0, 2]]): odds ratio inf, p = 0.4444444444444445.
        #expect(test.name == "fisher_exact")
        #expect(test.statistic == .infinity)
        #expect(near(test.p, 0.4444444444444445, 1e-12))
        #expect(near(question("member", in: comparison)?.effect?.value, 0.5, 1e-12))
        let apart = try compare(data, by: "region", groups: ["east", "west"], questions: ["member"])
        // scipy.stats.fisher_exact([[3, 0], [0, 4]]): p = 0.028571428571428567 (1/35); Cramér's V 1.
        #expect(question("member", in: apart)?.test?.name == "fisher_exact")
        #expect(near(question("member", in: apart)?.test?.p, 0.028571428571428567, 1e-12))
        #expect(question("member", in: apart)?.effect?.value == 1)
        // Pairwise, with four groups: the same Fisher's test for the pair.
        let all = try compare(data, by: "region", questions: ["member"])
        let pair = try #require(question("member", in: all)?.pairwise.first { $0.a == "east" && $0.b == "west" })
        #expect(pair.test.name == "fisher_exact")
        #expect(near(pair.test.p, 0.028571428571428567, 1e-12))
    }

    // MARK: Tiny p-values

    /// Checks a test against scipy's statistic and p-value, p being under 1e-300.
    private func expectTiny(
        _ test: ReportedTest?, name: String, statistic: Double, df: Double? = nil, p: Double,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        guard let test else {
            Issue.record("no test", sourceLocation: sourceLocation)
            return
        }
        #expect(test.name == name, sourceLocation: sourceLocation)
        #expect(
            near(test.statistic, statistic, 1e-12), "statistic \(test.statistic), scipy \(statistic)",
            sourceLocation: sourceLocation)
        if let df {
            #expect(near(test.df, df, 1e-12), "df \(String(describing: test.df))", sourceLocation: sourceLocation)
        }
        #expect(test.p > 0 && test.p < 1e-300, "p = \(test.p)", sourceLocation: sourceLocation)
        #expect(near(test.p, p, 1e-9), "p = \(test.p), scipy \(p)", sourceLocation: sourceLocation)
    }

    @Test("p-values below 1e-300 are computed, not 0 or NaN, and match scipy's")
    func tinyPValues() throws {
        // χ² with Yates: [[990, 110], [110, 990]]; scipy.stats.chi2_contingency.
        let chi = responses([
            repeated("north", 1100) { #""member":\#($0 < 990)"# },
            repeated("south", 1100) { #""member":\#($0 < 110)"# },
        ])
        let chiTest = try compare(chi, by: "region", groups: ["north", "south"], questions: ["member"])
        expectTiny(
            question("member", in: chiTest)?.test, name: "chi_square", statistic: 1404.8018181818181, df: 1,
            p: 1.90101274004669e-307)
        #expect(near(question("member", in: chiTest)?.effect?.value, 0.8, 1e-12))

        // Welch's t: 2.84 + (i mod 5) against i mod 5, 1000 each; scipy.stats.ttest_ind(equal_var=False).
        let welch = responses([
            repeated("north", 1000) { #""days":\#(2.84 + Double($0 % 5))"# },
            repeated("south", 1000) { #""days":\#(Double($0 % 5))"# },
        ])
        let welchTest = try compare(welch, by: "region", groups: ["north", "south"], questions: ["days"])
        expectTiny(
            question("days", in: welchTest)?.test, name: "welch_t", statistic: 44.881884987152695, df: 1998,
            p: 7.88582653213667e-305)
        #expect(near(question("days", in: welchTest)?.effect?.value, 2.007178915792014, 1e-12))

        // Mann–Whitney: 186 × 1, 1116 × 4, 558 × 5 against 558 × 1, 1116 × 2, 186 × 5; scipy.stats.mannwhitneyu.
        func scale(_ counts: [(Int, Int)]) -> (Int) -> String {
            let points = counts.flatMap { Array(repeating: $0.0, count: $0.1) }
            return { #""satisfaction":\#(points[$0])"# }
        }
        let mw = responses([
            repeated("north", 1860, scale([(1, 186), (4, 1116), (5, 558)])),
            repeated("south", 1860, scale([(1, 558), (2, 1116), (5, 186)])),
        ])
        let mwTest = try compare(mw, by: "region", groups: ["north", "south"], questions: ["satisfaction"])
        expectTiny(
            question("satisfaction", in: mwTest)?.test, name: "mann_whitney_u", statistic: 2_906_064,
            p: 1.5317742672392704e-303)
        #expect(near(question("satisfaction", in: mwTest)?.effect?.value, 0.6799999999999999, 1e-12))

        // Kruskal–Wallis across three groups of 1060; scipy.stats.kruskal.
        let kw = responses([
            repeated("north", 1060, scale([(1, 106), (4, 636), (5, 318)])),
            repeated("south", 1060, scale([(1, 318), (2, 636), (5, 106)])),
            repeated("east", 1060, scale([(3, 530), (2, 530)])),
        ])
        let kwTest = try compare(kw, by: "region", groups: ["north", "south", "east"], questions: ["satisfaction"])
        expectTiny(
            question("satisfaction", in: kwTest)?.test, name: "kruskal_wallis", statistic: 1389.9799047619067, df: 2,
            p: 1.478082594015358e-302)
        #expect(near(question("satisfaction", in: kwTest)?.effect?.value, 0.43723809523809587, 1e-12))

        // Welch's ANOVA: 1.42 k + (i mod 5) for groups k = 0, 1, 2 of 1000; statsmodels' anova_oneway.
        let anova = responses([
            repeated("north", 1000) { #""days":\#(1.42 * 0 + Double($0 % 5))"# },
            repeated("south", 1000) { #""days":\#(1.42 * 1 + Double($0 % 5))"# },
            repeated("east", 1000) { #""days":\#(1.42 * 2 + Double($0 % 5))"# },
        ])
        let anovaTest = try compare(anova, by: "region", groups: ["north", "south", "east"], questions: ["days"])
        let f = question("days", in: anovaTest)?.test
        expectTiny(f, name: "welch_anova", statistic: 1006.8558454302877, df: 2, p: 3.70257643606021e-303)
        #expect(near(f?.df2, 1998, 1e-12))
    }

    @Test("A difference too large for any double p gives p 0 (as scipy), never NaN or a negative number")
    func underflowingPValues() throws {
        let data = responses([
            repeated("north", 5000) { #""member":true,"days":\#(100 + $0 % 7),"satisfaction":5"# },
            repeated("south", 5000) { #""member":false,"days":\#($0 % 7),"satisfaction":1"# },
            repeated("east", 5000) { #""member":\#($0 % 2 == 0),"days":\#(200 + $0 % 7),"satisfaction":3"# },
        ])
        for groups in [["north", "south"], ["north", "south", "east"]] {
            let comparison = try compare(
                data, by: "region", groups: groups, questions: ["member", "days", "satisfaction"])
            for question in comparison.questions {
                let test = try #require(question.test, "\(question.id)")
                #expect(!test.p.isNaN && test.p >= 0 && test.p < 1e-300, "\(question.id) \(groups): \(test)")
                #expect(test.statistic.isFinite || test.statistic == .infinity, "\(question.id): \(test)")
                for pair in question.pairwise {
                    #expect(
                        !pair.test.p.isNaN && pair.test.p < 1e-300, "\(question.id) \(pair.a)–\(pair.b): \(pair.test)")
                    #expect(pair.test.pAdjusted.map { !$0.isNaN && $0 >= pair.test.p } == true)
                }
            }
        }
    }
}
