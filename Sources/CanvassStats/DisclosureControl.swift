/// Cell suppression for published tables (`--min-cell N`).
///
/// Primary: every count from 1 to N − 1 is suppressed (zeros are shown). Secondary: a table is a set of
/// additive relations (each row's cells add up to the row's total, each column's to the column's); wherever
/// a relation has exactly one suppressed member, it could be worked back by subtraction, so the smallest other
/// count in that relation is suppressed too (a positive one if there is one), until every relation has none
/// or at least two. Cells marked fixed (group sizes, shown the same in every table) are never chosen as
/// complements. Where totals across groups are not published, the hidden counts of a row must not add up to
/// less than N either (the total could be worked out from the groups' sizes), so more are hidden until they do.
struct SuppressionGrid {
    var values: [Int]
    var suppressed: [Bool]
    var fixed: [Bool]
    var relations: [[Int]] = []
    /// Rows whose total is not published but could be worked out (from the columns' sums): their hidden cells
    /// must not add up to a count under N either.
    var sums: [[Int]] = []

    init(values: [Int], fixed: [Bool]? = nil) {
        self.values = values
        self.suppressed = Array(repeating: false, count: values.count)
        self.fixed = fixed ?? Array(repeating: false, count: values.count)
    }

    /// Suppresses counts below `minimum`, then complements.
    mutating func apply(minimum: Int) {
        guard minimum > 1 else { return }
        for index in values.indices where values[index] > 0 && values[index] < minimum && !fixed[index] {
            suppressed[index] = true
        }
        var changed = true
        while changed {
            changed = false
            for relation in relations where relation.filter({ suppressed[$0] }).count == 1 {
                let candidates = relation.filter { !suppressed[$0] && !fixed[$0] }
                let positive = candidates.filter { values[$0] > 0 }
                if let pick = (positive.isEmpty ? candidates : positive).min(by: { values[$0] < values[$1] }) {
                    suppressed[pick] = true
                    changed = true
                }
            }
            for row in sums {
                let hidden = row.filter { suppressed[$0] }.reduce(0) { $0 + values[$1] }
                guard hidden > 0 && hidden < minimum else { continue }
                var candidates = row.filter { !suppressed[$0] && !fixed[$0] && values[$0] > 0 }
                if candidates.isEmpty {
                    // Every count of the row is hidden: hide one the row's total could be worked out with.
                    let cells = Set(row)
                    candidates = relations.filter { !cells.isDisjoint(with: $0) }.flatMap { $0 }.filter {
                        !suppressed[$0] && !fixed[$0] && values[$0] > 0
                    }
                }
                if let pick = candidates.min(by: { values[$0] < values[$1] }) {
                    suppressed[pick] = true
                    changed = true
                }
            }
        }
    }

    /// The value at `index`, or nil when suppressed.
    func shown(_ index: Int) -> Int? { suppressed[index] ? nil : values[index] }
}
