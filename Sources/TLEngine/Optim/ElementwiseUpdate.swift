/// An optimizer's element-wise update shared over the compute threads: each parameter's elements are cut into
/// near-equal slices, and `body(parameter index, elements)` runs on every slice. Every element is updated by the
/// same arithmetic whatever the cut, so results do not depend on the thread count.
final class ElementwiseUpdate: SharedWork {
    private let counts: [Int]
    private let body: (Int, Range<Int>) -> Void

    /// An update of parameters with `counts` elements; `body` must not hold the optimizer strongly.
    init(counts: [Int], body: @escaping (Int, Range<Int>) -> Void) {
        self.counts = counts
        self.body = body
    }

    /// Updates slice `slice` of every parameter's elements.
    func run(slice: Int, of slices: Int, thread: Int) {
        for (index, count) in counts.enumerated() { body(index, Self.range(of: count, slice: slice, slices: slices)) }
    }
}
