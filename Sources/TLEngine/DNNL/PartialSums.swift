/// The partial sums of a sliced primitive, added to their tensors in the order of the primitive's slices (each
/// float's sum is formed the same way whichever thread adds it); the adding is itself cut into slices of elements.
final class PartialSums: SharedWork {
    private let targets: [(target: UnsafeMutablePointer<Float>, partials: [UnsafeMutablePointer<Float>], count: Int)]

    /// Sums that add `partials` (`count` floats each) to `target`, for each target.
    init(_ targets: [(target: UnsafeMutablePointer<Float>, partials: [UnsafeMutablePointer<Float>], count: Int)]) {
        self.targets = targets
    }

    /// Adds the partial sums to slice `slice` of every target's elements.
    func run(slice: Int, of slices: Int, thread: Int) {
        for (target, partials, count) in targets {
            for index in Self.range(of: count, slice: slice, slices: slices) {
                var sum = target[index]
                for partial in partials { sum += partial[index] }
                target[index] = sum
            }
        }
    }
}
