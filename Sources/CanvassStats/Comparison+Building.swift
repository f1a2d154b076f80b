import CanvassForms
import Foundation

extension Comparison {
    /// The summary (no grouping) or comparison of what `tallies` counted by `plan`.
    public init(plan: AnalysisPlan, tallies: Tallies, method: ComparisonMethod = ComparisonMethod()) {
        var tallies = tallies
        // Versions as groups: in order of their names unless chosen.
        var order = Array(tallies.groupKeys.indices)
        if case .formVersion(nil) = plan.grouping {
            order.sort { tallies.groupKeys[$0].compare(tallies.groupKeys[$1], options: .numeric) == .orderedAscending }
        }
        let keys = order.map { tallies.groupKeys[$0] }
        var groupLabels = keys
        var byLabel: String?
        switch plan.grouping {
        case .none: groupLabels = ["All"]
        case .question(let variable, _):
            groupLabels = keys.map { key in variable.values.firstIndex(of: key).map { variable.valueLabels[$0] } ?? key
            }
            byLabel = variable.label
        case .formVersion: byLabel = "Form version"
        }
        for index in tallies.variables.indices { tallies.variables[index].grow(to: tallies.groupKeys.count) }
        let builder = Builder(plan: plan, tallies: tallies, order: order, keys: keys, method: method)
        form = plan.form.id
        formVersion = plan.form.version
        formTitle = plan.form.title.text
        by = plan.byID
        self.byLabel = byLabel
        // With --min-cell, fewer responses than N are not counted in print (the groups' sizes are hidden too).
        let small = method.minCell > 1 && tallies.rows > 0 && tallies.rows < method.minCell
        responses = small ? nil : tallies.responses
        rows = small ? nil : tallies.rows
        unit = plan.unitNoun
        collected = tallies.collected
        self.method = method
        groups = zip(keys, groupLabels).enumerated().map { index, pair in
            ComparisonGroup(value: pair.0, label: pair.1, n: builder.groupSizes[index])
        }
        var questions = plan.variables.indices.map(builder.question)
        if method.adjustAcrossQuestions { Self.adjustAcrossQuestions(&questions) }
        self.questions = questions
        notes = Self.inputNotes(plan: plan, tallies: tallies, keys: keys, minCell: method.minCell) + plan.notes
    }

    private static func adjustAcrossQuestions(_ questions: inout [QuestionComparison]) {
        var places: [(Int, Int?)] = []
        var pValues: [Double] = []
        for (q, question) in questions.enumerated() {
            if let test = question.test, test.p.isFinite {
                places.append((q, nil))
                pValues.append(test.p)
            }
            for (r, row) in question.rows.enumerated() {
                if let test = row.test, test.p.isFinite {
                    places.append((q, r))
                    pValues.append(test.p)
                }
            }
        }
        for ((q, r), adjusted) in zip(places, PValueAdjustment.benjaminiHochberg(pValues)) {
            if let r {
                questions[q].rows[r].test?.pAcrossQuestions = adjusted
            } else {
                questions[q].test?.pAcrossQuestions = adjusted
            }
        }
    }

    /// A count for a note: with `--min-cell N`, counts from 1 to N − 1 read "fewer than N".
    static func count(_ value: Int, under minimum: Int) -> String {
        minimum > 1 && value > 0 && value < minimum ? "fewer than \(minimum)" : String(value)
    }

    private static func inputNotes(plan: AnalysisPlan, tallies: Tallies, keys: [String], minCell: Int) -> [String] {
        func count(_ value: Int) -> String { Self.count(value, under: minCell) }
        var notes: [String] = []
        for (form, number) in tallies.otherForms.sorted(by: { $0.key < $1.key }) {
            notes.append("\(count(number)) response(s) to the form '\(form)' were skipped")
        }
        if tallies.replacedSkipped > 0 {
            notes.append(
                "\(count(tallies.replacedSkipped)) response(s) replaced by a correction were left out")
        }
        for (version, differences) in tallies.versions.sorted(by: { $0.key < $1.key }) {
            var parts: [String] = []
            if version != plan.form.version {
                parts.append(
                    "\(count(differences.responses)) response(s) answer version \(version), analysed as "
                        + "\(plan.form.version) where the questions are the same")
            }
            if !differences.unknownQuestions.isEmpty {
                let list = differences.unknownQuestions.sorted { $0.key < $1.key }.map {
                    "\($0.key) (\(count($0.value)))"
                }
                parts.append(
                    "answers to questions not in \(plan.form.version) were left out: " + list.joined(separator: ", "))
            }
            if !differences.invalidAnswers.isEmpty {
                let list = differences.invalidAnswers.sorted { $0.key < $1.key }.map {
                    "\($0.key) (\(count($0.value)))"
                }
                parts.append(
                    "answers \(plan.form.version) does not allow were counted as not valid: "
                        + list.joined(separator: ", "))
            }
            if !parts.isEmpty { notes.append("version \(version): " + parts.joined(separator: "; ")) }
        }
        if case .formVersion(let chosen?) = plan.grouping {
            let absent = chosen.filter { tallies.versions[$0] == nil }
            if !absent.isEmpty {
                notes.append("no response answers version " + absent.joined(separator: ", ") + " (--groups)")
            }
        }
        if !tallies.ungrouped.isEmpty, let by = plan.byID {
            let list = tallies.ungrouped.sorted { $0.key < $1.key }.map { "\($0.key) \(count($0.value))" }
            notes.append(
                "\(count(tallies.ungrouped.values.reduce(0, +))) \(plan.unitNoun)(s) are in no group of \(by): "
                    + list.joined(separator: ", "))
        }
        return notes
    }
}

extension AnalysisPlan {
    /// The repeat section whose entries are the rows, when grouping by a question of one.
    var groupSection: String? {
        if case .question(let variable, _) = grouping { return variable.section }
        return nil
    }

    /// What one row of the analysis is.
    var unitNoun: String {
        if case .question(let variable, _) = grouping, let section = variable.section {
            return form.section(section)?.repeatRule?.noun ?? "\(section) entry"
        }
        return "response"
    }
}

/// Builds each question's tables and tests from the tallies.
private struct Builder {
    let plan: AnalysisPlan
    let tallies: Tallies
    /// Tally group index of each output group.
    let order: [Int]
    let keys: [String]
    let method: ComparisonMethod
    /// Rows per group (nil: suppressed), the same in every table.
    let groupSizes: [Int?]
    private let sizes: [Int]
    private let suppressedGroups: [Bool]

    init(plan: AnalysisPlan, tallies: Tallies, order: [Int], keys: [String], method: ComparisonMethod) {
        self.plan = plan
        self.tallies = tallies
        self.order = order
        self.keys = keys
        self.method = method
        let sizes = order.map { tallies.groupRows[$0] }
        self.sizes = sizes
        var grid = SuppressionGrid(values: sizes + [sizes.reduce(0, +)])
        grid.fixed[sizes.count] = true
        grid.relations = [Array(0...sizes.count)]
        grid.apply(minimum: method.minCell)
        suppressedGroups = sizes.indices.map { grid.suppressed[$0] }
        groupSizes = sizes.indices.map { grid.shown($0) }
    }

    var groupCount: Int { order.count }
    var testsGroups: Bool { plan.byID != nil && groupCount >= 2 }

    func question(_ index: Int) -> QuestionComparison {
        let variable = plan.variables[index]
        let tally = tallies.variables[index]
        var result = QuestionComparison(
            id: variable.id, label: variable.label, type: variable.type, section: variable.section, base: nil,
            bases: [])
        switch variable.kind {
        case .categorical, .ordinal: categorical(variable, tally, &result)
        case .multiple: multiple(variable, tally, &result)
        case .numeric: numeric(variable, tally, &result)
        case .text: text(variable, tally, &result)
        }
        if method.minCell > 1 { withholdTests(&result) }
        if method.minCell > 1,
            result.rows.contains(where: { $0.counts.contains(nil) })
                || result.missing.contains(where: { $0.counts.contains(nil) })
        {
            result.notes.append(
                "* counts under \(method.minCell), and others they could be worked out from, are suppressed")
        }
        let invalid = order.reduce(0) { $0 + tally.count(tally.invalidCode, in: $1) }
        if invalid > 0 {
            result.notes.append(
                "\(Comparison.count(invalid, under: method.minCell)) answer(s) not valid in version "
                    + "\(plan.form.version) are not counted")
        }
        var seen: Set<String> = []
        result.notes = result.notes.filter { seen.insert($0).inserted }
        return result
    }

    /// With `--min-cell`, a test beside hidden counts would give them back (its statistic and effect size are
    /// functions of the table): tests of a suppressed group are left out, and where a tested group has a hidden
    /// count, only the p-value is published, to two significant figures.
    private func withholdTests(_ result: inout QuestionComparison) {
        let hidden = (0..<groupCount).map { g in
            suppressedGroups[g] || result.bases[g] == nil || result.rows.contains { $0.counts[g] == nil }
                || result.missing.contains { $0.counts[g] == nil }
                || (result.summary.indices.contains(g) && result.summary[g].n == nil)
        }
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        func withhold(_ test: inout ReportedTest?, _ effect: inout EffectSize?) {
            guard var shown = test, shown.p.isFinite else { return }
            shown.statistic = .nan
            shown.df = nil
            shown.df2 = nil
            shown.p = Double(String(format: "%.2g", shown.p)) ?? shown.p
            shown.note = "statistic withheld: with --min-cell it would give hidden counts back"
            test = shown
            effect = nil
        }
        func prune(_ pairs: [PairwiseComparison]) -> [PairwiseComparison] {
            pairs.compactMap { pair in
                let (a, b) = (index[pair.a] ?? 0, index[pair.b] ?? 0)
                if suppressedGroups[a] || suppressedGroups[b] { return nil }
                guard hidden[a] || hidden[b] else { return pair }
                var test: ReportedTest? = pair.test
                var effect = pair.effect
                withhold(&test, &effect)
                if let adjusted = test?.pAdjusted { test?.pAdjusted = Double(String(format: "%.2g", adjusted)) }
                return PairwiseComparison(a: pair.a, b: pair.b, test: test ?? pair.test, effect: effect)
            }
        }
        if hidden.contains(true) { withhold(&result.test, &result.effect) }
        result.pairwise = prune(result.pairwise)
        for r in result.rows.indices where result.rows[r].test != nil {
            var row = result.rows[r]
            if hidden.contains(true) { withhold(&row.test, &row.effect) }
            row.pairwise = prune(row.pairwise)
            result.rows[r] = row
        }
    }

    // MARK: Grids for disclosure control

    /// A grid of `rows` count rows (each G groups + total), then base and n rows, with the relations of a table
    /// whose first `baseRows` rows add up to the base and all rows to n; returns the grid.
    private func grid(
        _ counts: [[Int]], baseRows: Range<Int>, pairs: [(Int, Int)] = [], variable: Variable
    ) -> SuppressionGrid {
        let width = groupCount + 1
        let base = counts.count
        let n = base + 1
        var values: [Int] = []
        for row in counts { values += row + [row.reduce(0, +)] }
        var baseRow = (0..<groupCount).map { g in baseRows.reduce(0) { $0 + counts[$1][g] } }
        if !pairs.isEmpty { baseRow = (0..<groupCount).map { g in counts[pairs[0].0][g] + counts[pairs[0].1][g] } }
        values += baseRow + [baseRow.reduce(0, +)]
        // The n row: the group sizes of the header when the variable counts the same rows, else its own.
        let sameUnit = variable.section == plan.groupSection
        let nRow = (0..<groupCount).map { g in
            counts.reduce(0) { $0 + $1[g] } - pairs.reduce(0) { $0 + counts[$1.1][g] }
        }
        values += nRow + [nRow.reduce(0, +)]
        var grid = SuppressionGrid(values: values)
        // The last count row, answers not valid in this version, is not printed by group but its total is in the
        // notes: it is taken as known, so it can hide nothing.
        for g in 0..<width { grid.fixed[(base - 1) * width + g] = true }
        for g in 0..<width where sameUnit {
            grid.fixed[n * width + g] = true
            if g < groupCount && suppressedGroups[g] { grid.suppressed[n * width + g] = true }
        }
        // With disclosure control, totals across groups are not published: each group's column stands alone.
        let publishesTotals = method.minCell <= 1
        if publishesTotals {
            for r in 0...n { grid.relations.append(Array(r * width..<(r + 1) * width)) }
        } else {
            for r in 0...n {
                grid.suppressed[r * width + groupCount] = true
                grid.fixed[r * width + groupCount] = true
                if r < n { grid.sums.append((0..<groupCount).map { r * width + $0 }) }
            }
        }
        for g in 0..<(publishesTotals ? width : groupCount) {
            if pairs.isEmpty {
                grid.relations.append(baseRows.map { $0 * width + g } + [base * width + g])
            } else {
                for (a, b) in pairs { grid.relations.append([a * width + g, b * width + g, base * width + g]) }
            }
            let paired = Set(pairs.flatMap { [$0.0, $0.1] })
            let rest = (0..<counts.count).filter { row in !baseRows.contains(row) && !paired.contains(row) }
            var relation = [base * width + g]
            relation += rest.map { $0 * width + g }
            relation.append(n * width + g)
            grid.relations.append(relation)
        }
        var applied = grid
        applied.apply(minimum: method.minCell)
        return applied
    }

    private func shownRow(_ grid: SuppressionGrid, _ row: Int) -> (counts: [Int?], total: Int?) {
        let width = groupCount + 1
        return ((0..<groupCount).map { grid.shown(row * width + $0) }, grid.shown(row * width + groupCount))
    }

    private func missingRows(_ variable: Variable, _ grid: SuppressionGrid, firstRow: Int) -> [MissingRow] {
        var rows: [MissingRow] = []
        let labels = variable.missingLabels + ["Unanswered"]
        let values = variable.missingValues + ["unanswered"]
        for (offset, value) in values.enumerated() {
            let shown = shownRow(grid, firstRow + offset)
            rows.append(MissingRow(value: value, label: labels[offset], counts: shown.counts, total: shown.total))
        }
        return rows
    }

    // MARK: Question types

    private func categorical(_ variable: Variable, _ tally: VariableTally, _ result: inout QuestionComparison) {
        let valueCount = variable.values.count
        let rowCodes =
            Array(0..<(valueCount + variable.missingValues.count)) + [tally.unansweredCode, tally.invalidCode]
        let counts = rowCodes.map { code in order.map { tally.count(code, in: $0) } }
        let grid = grid(counts, baseRows: 0..<valueCount, variable: variable)
        let bases = order.map { group in (0..<valueCount).reduce(0) { $0 + tally.count($1, in: group) } }
        let baseShown = shownRow(grid, counts.count)
        result.base = baseShown.total
        result.bases = baseShown.counts
        for code in 0..<valueCount {
            let shown = shownRow(grid, code)
            result.rows.append(
                countRow(
                    value: variable.values[code], label: variable.valueLabels[code], counts: counts[code],
                    shown: shown, bases: bases, baseShown: baseShown.counts))
        }
        result.missing = missingRows(variable, grid, firstRow: valueCount)
        if variable.kind == .ordinal {
            let samples = order.map { group in Sample(scaleCounts: (0..<valueCount).map { tally.count($0, in: group) })
            }
            // A scale's mean and top-two share give its counts back: shown only where none of them is hidden.
            let columnShown = (0..<groupCount).map { g in
                baseShown.counts[g] != nil && !suppressedGroups[g] && result.rows.allSatisfy { $0.counts[g] != nil }
            }
            result.summary = zip(keys, samples).enumerated().map { g, pair in
                scaleSummary(pair.0, pair.1, scale: valueCount, shown: columnShown[g])
            }
            if testsGroups { rankTests(samples, &result) }
        } else if testsGroups {
            let table = (0..<valueCount).map { code in order.map { Double(tally.count(code, in: $0)) } }
            (result.test, result.effect, result.pairwise) = categoricalTests(table, &result)
        }
    }

    private func countRow(
        value: String, label: String, counts: [Int], shown: (counts: [Int?], total: Int?), bases: [Int],
        baseShown: [Int?]
    ) -> CountRow {
        let percents: [Double?] = counts.indices.map { g in
            guard shown.counts[g] != nil, baseShown[g] != nil, bases[g] > 0 else { return nil }
            return 100 * Double(counts[g]) / Double(bases[g])
        }
        let intervals: [(lower: Double, upper: Double)?] = counts.indices.map { g in
            guard percents[g] != nil else { return nil }
            let interval = WilsonInterval(successes: counts[g], trials: bases[g], level: method.level)
            return (100 * interval.lower, 100 * interval.upper)
        }
        return CountRow(
            value: value, label: label, counts: shown.counts, percents: percents, intervals: intervals,
            percentsOfResponses: nil, total: shown.total)
    }

    private func scaleSummary(_ group: String, _ sample: Sample, scale: Int, shown: Bool) -> GroupSummary {
        guard shown, sample.count > 0, method.minCell <= 1 || sample.count >= method.minCell else {
            return GroupSummary(group: group, n: shown && sample.count == 0 ? 0 : nil)
        }
        let n = Double(sample.count)
        let top =
            scale >= 2
            ? Double(zip(sample.values, sample.counts).filter { $0.0 >= Double(scale - 1) }.reduce(0) { $0 + $1.1 })
            : .nan
        let bottom =
            scale >= 2 ? Double(zip(sample.values, sample.counts).filter { $0.0 <= 2 }.reduce(0) { $0 + $1.1 }) : .nan
        return GroupSummary(
            group: group, n: sample.count, mean: sample.mean, sd: sample.standardDeviation, min: sample.minimum,
            q1: sample.quantile(0.25), median: sample.quantile(0.5), q3: sample.quantile(0.75), max: sample.maximum,
            top2: 100 * top / n, bottom2: 100 * bottom / n, net: 100 * (top - bottom) / n)
    }

    private func numericSummary(_ group: String, _ sample: Sample, shown: Bool) -> GroupSummary {
        guard shown, sample.count > 0, method.minCell <= 1 || sample.count >= method.minCell else {
            return GroupSummary(group: group, n: shown && sample.count == 0 ? 0 : nil)
        }
        return GroupSummary(
            group: group, n: sample.count, mean: sample.mean, sd: sample.standardDeviation, min: sample.minimum,
            q1: sample.quantile(0.25), median: sample.quantile(0.5), q3: sample.quantile(0.75), max: sample.maximum)
    }

    private func multiple(_ variable: Variable, _ tally: VariableTally, _ result: inout QuestionComparison) {
        let options = variable.values.count
        let bases = order.map { tally.count(tally.answeredCode, in: $0) }
        var counts: [[Int]] = []
        var pairs: [(Int, Int)] = []
        for option in 0..<options {
            let ticked = order.map { tally.count(option, in: $0) }
            pairs.append((counts.count, counts.count + 1))
            counts.append(ticked)
            counts.append(zip(bases, ticked).map { $0 - $1 })
        }
        let missingStart = counts.count
        for code in options..<(options + variable.missingValues.count) {
            counts.append(order.map { tally.count(code, in: $0) })
        }
        counts.append(order.map { tally.count(tally.unansweredCode, in: $0) })
        counts.append(order.map { tally.count(tally.invalidCode, in: $0) })
        let grid = grid(counts, baseRows: 0..<0, pairs: pairs, variable: variable)
        let baseShown = shownRow(grid, counts.count)
        result.base = baseShown.total
        result.bases = baseShown.counts
        let ticks = order.map { group in (0..<options).reduce(0) { $0 + tally.count($1, in: group) } }
        for option in 0..<options {
            let ticked = counts[2 * option]
            var row = countRow(
                value: variable.values[option], label: variable.valueLabels[option], counts: ticked,
                shown: shownRow(grid, 2 * option), bases: bases, baseShown: baseShown.counts)
            // Percents of all ticks would give a hidden option's count back from the others'.
            row.percentsOfResponses = ticked.indices.map { g in
                let columnHidden = (0..<options).contains { grid.shown(2 * $0 * (groupCount + 1) + g) == nil }
                return columnHidden || ticks[g] == 0 ? nil : 100 * Double(ticked[g]) / Double(ticks[g])
            }
            if testsGroups {
                let table = [ticked.map(Double.init), counts[2 * option + 1].map(Double.init)]
                (row.test, row.effect, row.pairwise) = categoricalTests(table, &result)
            }
            result.rows.append(row)
        }
        result.missing = missingRows(variable, grid, firstRow: missingStart)
    }

    private func numeric(_ variable: Variable, _ tally: VariableTally, _ result: inout QuestionComparison) {
        let baseShown = answeredTable(variable, tally, &result)
        let samples = order.map { tally.numbers[$0].sample }
        if let figures = order.compactMap({ tally.numbers[$0].significantFigures }).min() {
            result.notes.append(
                "quartiles are approximate (to \(figures) significant figures): a group gave more than "
                    + "\(NumberTally.limit) different numbers; mean, SD, min, max and tests are exact")
        }
        result.summary = zip(keys, samples).enumerated().map { g, pair in
            numericSummary(pair.0, pair.1, shown: baseShown.counts[g] != nil && !suppressedGroups[g])
        }
        guard testsGroups else { return }
        let tested = testedGroups(samples.map(\.count), &result)
        let chosen = tested.map { samples[$0] }
        if tested.count == 2 {
            result.test = ReportedTest(WelchTTest.test(chosen[0], chosen[1]))
            result.effect = WelchTTest.cohensD(chosen[0], chosen[1])
        } else if tested.count > 2 {
            result.test = ReportedTest(WelchANOVA.test(chosen))
            result.pairwise = pairwiseResults(chosen, keys: tested.map { keys[$0] }) { a, b in
                (WelchTTest.test(a, b), WelchTTest.cohensD(a, b))
            }
        }
    }

    /// The table of a question counted only as answered or not (numbers, text): answered (the base),
    /// unanswered and not valid, suppressed as any other; returns the shown bases.
    private func answeredTable(_ variable: Variable, _ tally: VariableTally, _ result: inout QuestionComparison)
        -> (counts: [Int?], total: Int?)
    {
        let counts = [tally.answeredCode, tally.unansweredCode, tally.invalidCode].map { code in
            order.map { tally.count(code, in: $0) }
        }
        let grid = grid(counts, baseRows: 0..<1, variable: variable)
        let baseShown = shownRow(grid, counts.count)
        result.base = baseShown.total
        result.bases = baseShown.counts
        result.missing = missingRows(variable, grid, firstRow: 1)
        return baseShown
    }

    private func text(_ variable: Variable, _ tally: VariableTally, _ result: inout QuestionComparison) {
        _ = answeredTable(variable, tally, &result)
        if plan.keepsText { result.texts = order.map { tally.texts[$0] } }
    }

    // MARK: Tests

    /// The groups a question's test compares: those with answers (an empty group is left out, as chi-square
    /// leaves out an empty column), with a note when one is. Two left: the two-group test.
    private func testedGroups(_ sizes: [Int], _ result: inout QuestionComparison) -> [Int] {
        let present = sizes.indices.filter { sizes[$0] > 0 }
        if present.count < 2 {
            result.notes.append("not tested: fewer than two groups have answers")
        } else if present.count < sizes.count {
            result.notes.append("the test leaves out \(sizes.count - present.count) group(s) with no answers")
        }
        return present.count < 2 ? [] : present
    }

    private func rankTests(_ samples: [Sample], _ result: inout QuestionComparison) {
        let tested = testedGroups(samples.map(\.count), &result)
        let chosen = tested.map { samples[$0] }
        if tested.count == 2 {
            let test = MannWhitneyTest.test(chosen[0], chosen[1])
            result.test = ReportedTest(test)
            result.effect = MannWhitneyTest.rankBiserial(u1: test.statistic, chosen[0].count, chosen[1].count)
        } else if tested.count > 2 {
            let test = KruskalWallisTest.test(chosen)
            result.test = ReportedTest(test)
            result.effect = KruskalWallisTest.epsilonSquared(h: test.statistic, n: chosen.reduce(0) { $0 + $1.count })
            result.pairwise = pairwiseResults(chosen, keys: tested.map { keys[$0] }) { a, b in
                let test = MannWhitneyTest.test(a, b)
                return (test, MannWhitneyTest.rankBiserial(u1: test.statistic, a.count, b.count))
            }
        }
    }

    /// Chi-square (Fisher's exact for a 2 × 2 with an expected count under 5) of a values × groups table over the
    /// groups with answers, Cramér's V, and with three or more of them every pair.
    private func categoricalTests(_ table: [[Double]], _ result: inout QuestionComparison)
        -> (ReportedTest?, EffectSize?, [PairwiseComparison])
    {
        func test(_ table: [[Double]]) -> (TestResult, EffectSize) {
            let effect = ChiSquareTest.cramersV(table)
            let kept = table.filter { $0.contains { $0 > 0 } }
            let columns = (0..<(table.first?.count ?? 0)).filter { j in kept.contains { $0[j] > 0 } }
            if kept.count == 2, columns.count == 2 {
                let small = kept.map { row in columns.map { row[$0] } }
                let rowTotals = small.map { $0.reduce(0, +) }
                let columnTotals = [small[0][0] + small[1][0], small[0][1] + small[1][1]]
                let total = rowTotals.reduce(0, +)
                let expected = rowTotals.flatMap { r in columnTotals.map { r * $0 / total } }
                if expected.min() ?? 0 < 5 {
                    return (FisherExactTest.test(small.map { $0.map { Int($0) } }), effect)
                }
            }
            return (ChiSquareTest.test(table), effect)
        }
        let sizes = (0..<groupCount).map { g in Int(table.reduce(0) { $0 + $1[g] }) }
        let tested = testedGroups(sizes, &result)
        guard tested.count >= 2 else { return (nil, nil, []) }
        let (overall, effect) = test(table.map { row in tested.map { row[$0] } })
        var pairs: [PairwiseComparison] = []
        if tested.count >= 3 {
            let columns = tested.map { g in table.map { $0[g] } }
            pairs = pairwiseResults(columns, keys: tested.map { keys[$0] }) { a, b in
                test(zip(a, b).map { [$0, $1] })
            }
        }
        return (ReportedTest(overall), effect, pairs)
    }

    private func pairwiseResults<Item>(
        _ items: [Item], keys: [String], _ compare: (Item, Item) -> (TestResult, EffectSize)
    ) -> [PairwiseComparison] {
        var results: [PairwiseComparison] = []
        for i in items.indices {
            for j in items.indices where j > i {
                let (test, effect) = compare(items[i], items[j])
                results.append(PairwiseComparison(a: keys[i], b: keys[j], test: ReportedTest(test), effect: effect))
            }
        }
        let defined = results.indices.filter { results[$0].test.p.isFinite }
        let pValues = defined.map { results[$0].test.p }
        let adjusted =
            method.adjust == .holm ? PValueAdjustment.holm(pValues) : PValueAdjustment.benjaminiHochberg(pValues)
        for (index, p) in zip(defined, adjusted) { results[index].test.pAdjusted = p }
        return results
    }
}
