/// How many NaN and infinite values one tensor holds.
public struct NonFiniteCount: Sendable, Equatable {
    /// The tensor's name.
    public var name: String
    /// Values that are NaN.
    public var nan: Int
    /// Values that are +inf or -inf.
    public var infinite: Int
    /// Every value of the tensor.
    public var total: Int

    /// The counts of `values`, or nil when every value is finite.
    public static func of(_ values: [Float], name: String) -> NonFiniteCount? {
        var nan = 0, infinite = 0
        for value in values where !value.isFinite {
            if value.isNaN { nan += 1 } else { infinite += 1 }
        }
        guard nan + infinite > 0 else { return nil }
        return NonFiniteCount(name: name, nan: nan, infinite: infinite, total: values.count)
    }

    /// `conv1.weight (432 NaN, 0 infinite of 432 values)`.
    public var text: String { "\(name) (\(nan) NaN, \(infinite) infinite of \(total) values)" }
}
