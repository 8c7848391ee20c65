/// Overflow-checked size arithmetic for values read from untrusted files and settings.
public enum CheckedSize {
    /// The product of `factors`, or nil when a factor is negative or the product overflows `Int`.
    public static func product(_ factors: [Int]) -> Int? {
        var result = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            result = next
        }
        return result
    }

    /// `a * b`, or nil when either is negative or the product overflows `Int`.
    public static func multiply(_ a: Int, _ b: Int) -> Int? {
        product([a, b])
    }

    /// `a + b`, or nil when the sum overflows `Int`.
    public static func add(_ a: Int, _ b: Int) -> Int? {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : sum
    }

    /// The product of non-negative `factors`, `Int.max` when it overflows (for totals that are compared with a limit).
    public static func saturatingProduct(_ factors: [Int]) -> Int {
        product(factors) ?? .max
    }

    /// The sum of non-negative `terms`, `Int.max` when it overflows (for totals that are compared with a limit).
    public static func saturatingSum(_ terms: [Int]) -> Int {
        terms.reduce(0) { add($0, $1) ?? .max }
    }
}
