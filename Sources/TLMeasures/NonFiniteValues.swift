/// The NaN and infinite values among a feature matrix's values, and the rows that hold them.
public struct NonFiniteValues: Sendable, Equatable {
    /// Values that are NaN.
    public var nan: Int
    /// Values that are +inf or -inf.
    public var infinite: Int
    /// The rows (samples) holding at least one, ascending.
    public var rows: [Int]

    /// The non-finite values of `matrix`, or nil when every value is finite.
    public init?(_ matrix: FeatureMatrix) {
        var nan = 0, infinite = 0, rows: [Int] = []
        for row in 0..<matrix.rows {
            var found = false
            for value in matrix.values[row * matrix.columns..<(row + 1) * matrix.columns] where !value.isFinite {
                if value.isNaN { nan += 1 } else { infinite += 1 }
                found = true
            }
            if found { rows.append(row) }
        }
        guard !rows.isEmpty else { return nil }
        (self.nan, self.infinite, self.rows) = (nan, infinite, rows)
    }

    /// `12 NaN and 0 infinite values`.
    public var counts: String { "\(nan) NaN and \(infinite) infinite values" }
}
