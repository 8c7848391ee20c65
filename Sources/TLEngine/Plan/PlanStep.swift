import CDNNL

/// Memory that a step of a plan reads or writes: `length` bytes from `start`, or, in work cut into slices with
/// `perSlice`, slice *i*'s `length` bytes from `start + i·length`.
package struct MemoryUse {
    let start: Int
    let length: Int
    let perSlice: Bool
    let writes: Bool

    /// A use of `length` bytes at `pointer` (slice *i*'s from `pointer + i·length` when `perSlice`).
    init(_ pointer: UnsafeRawPointer, length: Int, perSlice: Bool = false, writes: Bool) {
        self.init(start: Int(bitPattern: pointer), length: length, perSlice: perSlice, writes: writes)
    }

    private init(start: Int, length: Int, perSlice: Bool, writes: Bool) {
        self.start = start
        self.length = length
        self.perSlice = perSlice
        self.writes = writes
    }

    /// The same use by all `slices` slices together, as whole work.
    func whole(of slices: Int) -> MemoryUse {
        let all = bytes(slice: nil, of: slices)
        return MemoryUse(start: all.lowerBound, length: all.count, perSlice: false, writes: writes)
    }

    /// The bytes slice `slice` touches, or, with no slice, those all `slices` slices touch together.
    func bytes(slice: Int?, of slices: Int) -> Range<Int> {
        guard perSlice else { return start..<start + length }
        guard let slice else { return start..<start + slices * length }
        return start + slice * length..<start + (slice + 1) * length
    }

    /// True when oneDNN's argument `argument` is one a primitive writes (any argument it does not know of counts as
    /// written, so that no step is moved past it wrongly).
    static func writes(_ argument: Int32) -> Bool {
        ![DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DIFF_DST, DNNL_ARG_SCALE, DNNL_ARG_SHIFT].contains(argument)
    }
}

/// Work cut into slices (by image, or by a weight's output channels) whose slices may run one after another with
/// the same slices of other such work, on whichever compute thread is free (see `SliceChain`).
package protocol SlicedWork: AnyObject {
    /// How many slices the work is cut into.
    var sliceCount: Int { get }
    /// The most compute threads that may run slices at once.
    var threadLimit: Int { get }
    /// The memory the slices read and write.
    var memoryUses: [MemoryUse] { get }
    /// Bytes of the plan's scratch space that the slices use between them.
    var scratchBytes: Int { get }
    /// Runs slice `slice` on compute thread `thread`.
    func runSlice(_ slice: Int, thread: Int)
    /// Completes the work once every slice ran (adds partial sums).
    func finishSlices()
    /// Places the slices' scratch `offset` bytes into the plan's scratch space `space`.
    func attach(_ space: FloatBuffer, offset: Int) throws
    /// Lists the slices' kernel in `memory`'s choices, as the plan runs them (called when a chain takes the work).
    func recordCut(in memory: PlanMemory)
}

/// One step of a compiled plan's forward or backward pass, as the plan runs it (see `StepSchedule`).
package enum PlanStep {
    /// Work run whole (given the training flag); `uses` is the memory it touches, nil when not known (then the step
    /// stays where it is and ends any chain of slices).
    case whole(run: (Bool) -> Void, uses: [MemoryUse]?)
    /// Work cut into slices; `alone` runs it when no other step chains with it.
    case sliced(SlicedWork, alone: () -> Void)
    /// The end of kernel `index`'s backward pass: its parameters' gradients are final.
    case finished(Int)
}

extension Kernel {
    /// The forward pass as plan steps (by default one step of unknown memory use).
    func forwardSteps() -> [PlanStep] { [.whole(run: { self.forward(training: $0) }, uses: nil)] }

    /// The backward pass as plan steps (by default one step of unknown memory use).
    func backwardSteps() -> [PlanStep] { [.whole(run: { _ in self.backward() }, uses: nil)] }
}
