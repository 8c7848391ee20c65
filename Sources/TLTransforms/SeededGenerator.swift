/// A small, fast, stable random generator (SplitMix64); the same seed gives the same stream on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator for `seed`, mixed with any number of stream identifiers (epoch, sample index, ...).
    public init(seed: UInt64, _ streams: UInt64...) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678
        for stream in streams {
            state = Self.mix(state ^ (stream &+ 0x9E37_79B9_7F4A_7C15))
        }
        self.state = state
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform integer in 0..<bound (bound > 0).
    public mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform number in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }

    /// `items` in a seeded Fisher–Yates order that does not depend on the standard library's shuffle.
    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var items = items
        if items.count < 2 { return items }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
        return items
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
