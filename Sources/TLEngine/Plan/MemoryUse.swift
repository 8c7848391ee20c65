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
        ![DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DIFF_DST, DNNL_ARG_SCALE, DNNL_ARG_SHIFT].contains(
            argument)
    }
}
