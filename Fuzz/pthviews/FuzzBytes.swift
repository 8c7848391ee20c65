/// Draws small choices and interesting integers from a fuzzer's input (zeros once it is used up).
struct FuzzBytes {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    /// A number in `0...limit`.
    mutating func next(_ limit: Int) -> Int { Int(bytes.popFirst() ?? 0) % (limit + 1) }

    /// A size, stride or count: small, large, negative or at the edges of `Int`.
    mutating func number() -> Int {
        let edges = [0, 1, 2, 3, 7, 60000, 1 << 31, 1 << 40, Int.max, Int.max / 2, -1, Int.min]
        switch next(3) {
        case 0: return edges[next(edges.count - 1)]
        case 1: return next(255)
        default: return (0..<8).reduce(0) { value, _ in value << 8 | next(255) }
        }
    }
}
