/// Adjusting p-values for multiple comparisons, as R's `p.adjust` and statsmodels' `multipletests`.
///
/// Results are in the input's order, monotone in the raw p-values, and capped at 1. NaN p-values (undefined
/// tests) stay NaN and do not count among the m tests, as R treats `NA`.
public enum PValueAdjustment {
    /// Holm's step-down adjustment (Holm 1979), which controls the family-wise error rate: with the m p-values
    /// sorted ascending, p̃₍ᵢ₎ = min(1, maxⱼ≤ᵢ (m − j + 1) p₍ⱼ₎).
    public static func holm(_ pValues: [Double]) -> [Double] {
        adjust(pValues) { sorted in
            let m = Double(sorted.count)
            var running = 0.0
            return sorted.enumerated().map { i, p in
                running = max(running, (m - Double(i)) * p)
                return min(1, running)
            }
        }
    }

    /// Benjamini and Hochberg's step-up adjustment (1995), which controls the false discovery rate: with the m
    /// p-values sorted ascending, p̃₍ᵢ₎ = min(1, minⱼ≥ᵢ m p₍ⱼ₎/j).
    public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        adjust(pValues) { sorted in
            let m = Double(sorted.count)
            var running = Double.infinity
            var adjusted = [Double](repeating: 0, count: sorted.count)
            for i in sorted.indices.reversed() {
                running = min(running, m / Double(i + 1) * sorted[i])
                adjusted[i] = min(1, running)
            }
            return adjusted
        }
    }

    /// Applies `method` to the non-NaN p-values in ascending order and puts the results back in input order.
    private static func adjust(_ pValues: [Double], _ method: ([Double]) -> [Double]) -> [Double] {
        let order = pValues.indices.filter { !pValues[$0].isNaN }.sorted { pValues[$0] < pValues[$1] }
        let adjusted = method(order.map { pValues[$0] })
        var result = [Double](repeating: .nan, count: pValues.count)
        for (rank, index) in order.enumerated() { result[index] = adjusted[rank] }
        return result
    }
}
