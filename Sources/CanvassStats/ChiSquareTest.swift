import Foundation

/// Pearson's chi-square test of independence on an r × c table of counts, and Cramér's V.
///
/// Matches `scipy.stats.chi2_contingency(table, correction=True)` and R's `chisq.test`: expected counts are
/// row total × column total / n, df = (r − 1)(c − 1), and Yates' continuity correction (each |O − E| reduced by
/// ½, but not below 0) is applied only when df = 1, that is for a 2 × 2 table.
///
/// Rows or columns whose counts are all zero (an option nobody chose) carry no information and would make an
/// expected count zero, where scipy raises and R gives NaN: they are left out, the test is that of the
/// remaining table, and `note` says so. Fewer than two non-empty rows or columns, a negative or non-finite
/// count, or a ragged table give a NaN result.
public enum ChiSquareTest {
    /// The test on `table` (rows × columns; either orientation gives the same result).
    public static func test(_ table: [[Double]]) -> TestResult {
        switch prepare(table) {
        case .failure(let error): return .undefined(name, error.reason)
        case .success(let prepared):
            let df = Double((prepared.table.count - 1) * (prepared.table[0].count - 1))
            let statistic = statistic(prepared, yates: df == 1)
            return TestResult(
                name: name, statistic: statistic, degreesOfFreedom: df,
                p: ChiSquareDistribution.survival(statistic, degreesOfFreedom: df), note: prepared.note)
        }
    }

    /// Cramér's V = √(χ² / (n (min(r, c) − 1))) from the uncorrected statistic (no Yates), in [0, 1].
    ///
    /// As `scipy.stats.contingency.association(table, method="cramer")`; empty rows and columns are left out
    /// as in `test`, and NaN where the test is undefined.
    public static func cramersV(_ table: [[Double]]) -> EffectSize {
        guard case .success(let prepared) = prepare(table) else { return EffectSize(name: "cramers_v", value: .nan) }
        let k = Double(min(prepared.table.count, prepared.table[0].count) - 1)
        let value = (statistic(prepared, yates: false) / (prepared.total * k)).squareRoot()
        return EffectSize(name: "cramers_v", value: value)
    }

    /// The test's name in output.
    static let name = "chi_square"

    /// A table without its empty rows and columns, with its margins.
    struct Prepared {
        let table: [[Double]]
        let rowTotals: [Double]
        let columnTotals: [Double]
        let total: Double
        let note: String?
    }

    /// Checks `table` and leaves out its empty rows and columns.
    static func prepare(_ table: [[Double]]) -> Result<Prepared, Undefined> {
        guard let width = table.first?.count, table.allSatisfy({ $0.count == width }) else {
            return .failure(Undefined("the table is empty or ragged"))
        }
        guard table.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0.isFinite } }) else {
            return .failure(Undefined("a count is negative or not finite"))
        }
        let keptRows = table.filter { $0.contains { $0 > 0 } }
        let keptColumns = (0..<width).filter { j in table.contains { $0[j] > 0 } }
        guard keptRows.count >= 2, keptColumns.count >= 2 else {
            return .failure(Undefined("fewer than two rows or columns have counts"))
        }
        let reduced = keptRows.map { row in keptColumns.map { row[$0] } }
        let dropped = (table.count - keptRows.count, width - keptColumns.count)
        let note =
            dropped == (0, 0)
            ? nil : "left out \(dropped.0) empty row(s) and \(dropped.1) empty column(s)"
        let rowTotals = reduced.map { $0.reduce(0, +) }
        let columnTotals = keptColumns.indices.map { j in reduced.reduce(0) { $0 + $1[j] } }
        return .success(
            Prepared(
                table: reduced, rowTotals: rowTotals, columnTotals: columnTotals, total: rowTotals.reduce(0, +),
                note: note))
    }

    /// Σ (|O − E| − c)² / E, with c = ½ (floored at |O − E|) for Yates' correction and 0 otherwise.
    static func statistic(_ prepared: Prepared, yates: Bool) -> Double {
        var sum = 0.0
        for (i, row) in prepared.table.enumerated() {
            for (j, observed) in row.enumerated() {
                let expected = prepared.rowTotals[i] * prepared.columnTotals[j] / prepared.total
                var difference = abs(observed - expected)
                if yates { difference = max(difference - 0.5, 0) }
                sum += difference * difference / expected
            }
        }
        return sum
    }
}
