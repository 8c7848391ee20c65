/// An optimizer's element-wise update shared over the compute threads: each parameter's elements are split into
/// one near-equal part per thread, and `body(parameter index, elements)` runs on every part. Every element is
/// updated by the same arithmetic whatever the split, so results do not depend on the thread count.
final class ElementwiseUpdate: SharedWork {
    private let counts: [Int]
    private let body: (Int, Range<Int>) -> Void

    /// An update of parameters with `counts` elements; `body` must not hold the optimizer strongly.
    init(counts: [Int], body: @escaping (Int, Range<Int>) -> Void) {
        self.counts = counts
        self.body = body
    }

    /// Updates part `part` of every parameter's elements.
    override func run(part: Int, of parts: Int, thread: Int) {
        for (index, count) in counts.enumerated() { body(index, Self.range(of: count, part: part, parts: parts)) }
    }
}
