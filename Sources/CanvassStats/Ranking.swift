/// Mid-ranks of pooled samples and the sizes of their tie groups, as `scipy.stats.rankdata(method="average")`.
struct Ranking {
    /// The rank of each value, in input order; tied values share the mean of the ranks they span.
    let ranks: [Double]
    /// The size of every group of equal values (1 for a value without ties).
    let tieGroups: [Int]

    /// Ranks `values` (which must not contain NaN).
    init(_ values: [Double]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var tieGroups: [Int] = []
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            // Ranks start..end (0-based) become (start + 1 + end + 1)/2, exact in binary.
            let rank = Double(start + end + 2) / 2
            for k in start...end { ranks[order[k]] = rank }
            tieGroups.append(end - start + 1)
            start = end + 1
        }
        self.ranks = ranks
        self.tieGroups = tieGroups
    }

    /// Σ (t³ − t) over the tie groups, the numerator of the tie corrections (exact while below 2⁵³).
    var tieSum: Double {
        tieGroups.reduce(0) { $0 + Double($1) * Double($1) * Double($1) - Double($1) }
    }

    /// Whether any two values are equal.
    var hasTies: Bool { tieGroups.contains { $0 > 1 } }
}
