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
