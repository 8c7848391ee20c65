/// Work that the compute threads share as one job (see `ComputeTeam`), cut into numbered slices: each slice runs once,
/// on whichever thread takes it. Slices must not depend on each other, and the result must not depend on how many
/// there are nor on which thread runs which (so runs stay reproducible).
protocol SharedWork: AnyObject {
    /// Runs slice `slice` of `slices` (numbered from 0) on compute thread `thread` (0 is the thread that shares it).
    func run(slice: Int, of slices: Int, thread: Int)
}

extension SharedWork {
    /// The share of `0..<count` that slice `slice` of `slices` takes (near-equal, in order).
    static func range(of count: Int, slice: Int, slices: Int) -> Range<Int> {
        count * slice / slices..<count * (slice + 1) / slices
    }
}
