import CDNNL

/// The slices of a sliced primitive as work for the compute threads: each runs the one-slice primitive on its own
/// arguments, on the stream of the thread that takes it.
final class SliceRuns: SharedWork {
    private let primitive: DNNLPrimitive
    private let bound: [BoundArguments]
    private let streams: [dnnl_stream_t]

    /// Runs of `primitive` on `bound` (one set of arguments per slice), on `streams` (one per compute thread).
    init(primitive: DNNLPrimitive, bound: [BoundArguments], streams: [dnnl_stream_t]) {
        self.primitive = primitive
        self.bound = bound
        self.streams = streams
    }

    /// Runs slice `slice` on compute thread `thread`'s stream.
    func run(slice: Int, of slices: Int, thread: Int) { primitive.run(bound[slice], stream: streams[thread]) }
}
