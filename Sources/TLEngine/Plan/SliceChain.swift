/// Consecutive plan steps cut into the same slices, run as one job of the compute threads: a thread takes slice *i*
/// and runs it through every step in turn, so the threads wait for each other once per chain instead of once per
/// step. On a machine whose cores are shared, a compute thread that the operating system stops while it holds a slice
/// makes the others wait only at the chain's end; with a job per step, such waits cost about what the thread
/// contributed.
///
/// Steps whose memory use is known run whole before the chain when they touch nothing the chained slices touch (the
/// weights' reorders), else after it (the weight gradients' reorders back; the ends of kernels' backward passes). A
/// step joins only when no slice of it touches memory that another slice of an earlier step writes, or the reverse,
/// and nothing it touches conflicts with a step moved after the chain, so the chain computes exactly what the steps
/// one after another compute.
final class SliceChain: SharedWork {
    private(set) var members: [SlicedWork]
    /// Whole steps run before the slices, in order.
    private var before: [(Bool) -> Void] = []
    /// Steps run after the slices and their partial sums, in order.
    private var after: [PlanStep] = []
    private var afterUses: [MemoryUse] = []
    /// The steps in the order the plan gave them, for a chain left with one member.
    private(set) var original: [PlanStep]
    private let slices: Int
    /// The most compute threads the members' slices may run on.
    private lazy var threads = members.map(\.threadLimit).min() ?? 1
    /// How many members run oneDNN primitives (each slice of them is a library call).
    private lazy var libraryMembers = members.filter { $0 is SlicedPrimitive }.count

    /// A chain starting with `first` (the step `step`).
    init(_ first: SlicedWork, step: PlanStep) {
        members = [first]
        original = [step]
        slices = first.sliceCount
    }

    /// Adds `step` (work cut into slices) to the chain when its slices may run with the members'; false when not.
    func join(_ work: SlicedWork, step: PlanStep) -> Bool {
        guard work.sliceCount == slices,
            !members.contains(where: { clash(earlier: $0.memoryUses, later: work.memoryUses) }),
            !clash(whole: afterUses, sliced: work.memoryUses)
        else { return false }
        members.append(work)
        original.append(step)
        return true
    }

    /// Runs `run` (a step that touches `uses`) before the chain when nothing in the chain touches what it writes or
    /// writes what it touches; false when it cannot move there.
    func hoist(_ run: @escaping (Bool) -> Void, uses: [MemoryUse], step: PlanStep) -> Bool {
        guard !members.contains(where: { clash(whole: uses, sliced: $0.memoryUses) }), !clash(uses, afterUses) else {
            return false
        }
        original.append(step)
        before.append(run)
        return true
    }

    /// Runs `step` (a whole step that touches `uses`) after the chain; a later step whose slices conflict with it then
    /// ends the chain instead of joining.
    func postpone(_ step: PlanStep, uses: [MemoryUse]) {
        original.append(step)
        after.append(step)
        afterUses += uses
    }

    /// True when `uses` (whole) touch a sum that the chain's slices complete only at its end (a weight gradient):
    /// work on such a sum moves after the chain rather than ending it.
    func completesSums(read uses: [MemoryUse]) -> Bool {
        let sums = members.flatMap { $0.memoryUses.filter { $0.writes && !$0.perSlice } }
        return clash(sums, uses)
    }

    /// Runs `step` (the end of a kernel's backward pass) after the chain.
    func finishLater(_ step: PlanStep) { postpone(step, uses: []) }

    /// Runs the chain: the whole steps before it, every slice through every member, the members' partial sums, and
    /// the steps after it (`finished` is told of each kernel whose backward pass ended).
    func run(training: Bool, finished: ((Int) -> Void)?) {
        for step in before { step(training) }
        LibraryCalls.count &+= slices * libraryMembers
        if let wrapper = LibraryCalls.wrapper {
            wrapper { ComputeThreads.share(self, slices: slices, threads: threads) }
        } else {
            ComputeThreads.share(self, slices: slices, threads: threads)
        }
        for member in members { member.finishSlices() }
        for step in after { StepSchedule.run(step, training: training, finished: finished) }
    }

    /// Runs slice `slice` through every member in turn.
    func run(slice: Int, of slices: Int, thread: Int) {
        for member in members { member.runSlice(slice, thread: thread) }
    }

    /// True when a slice of the later work touches bytes that another slice of the earlier work touches, either
    /// writing; work that is not cut by slice clashes wherever it overlaps.
    private func clash(earlier: [MemoryUse], later: [MemoryUse]) -> Bool {
        for first in earlier {
            for second in later where first.writes || second.writes {
                guard first.perSlice && second.perSlice else {
                    if overlaps(first.bytes(slice: nil, of: slices), second.bytes(slice: nil, of: slices)) {
                        return true
                    }
                    continue
                }
                for i in 0..<slices {
                    for j in 0..<slices
                    where i != j
                        && overlaps(first.bytes(slice: i, of: slices), second.bytes(slice: j, of: slices))
                    { return true }
                }
            }
        }
        return false
    }

    /// True when whole work touching `whole` and work cut into slices touching `sliced` overlap, either writing.
    private func clash(whole: [MemoryUse], sliced: [MemoryUse]) -> Bool {
        clash(whole, sliced.map { $0.whole(of: slices) })
    }

    /// True when two sets of whole-work uses overlap, either writing.
    private func clash(_ first: [MemoryUse], _ second: [MemoryUse]) -> Bool {
        first.contains { a in
            second.contains { b in
                (a.writes || b.writes) && overlaps(a.bytes(slice: nil, of: 1), b.bytes(slice: nil, of: 1))
            }
        }
    }

    private func overlaps(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        a.lowerBound < b.upperBound && b.lowerBound < a.upperBound
    }
}
