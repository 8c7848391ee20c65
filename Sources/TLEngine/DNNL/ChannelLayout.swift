import CDNNL

/// Where each channel's elements lie in a value of any layout oneDNN gives activations (plain N×C×H×W or N×H×W×C,
/// channel-blocked N×C/b×H×W×b, or N×F), for per-channel work done element by element on tlrun's side.
struct ChannelLayout {
    let batch: Int
    let channels: Int
    /// Channels stored together innermost (1 for a plain layout).
    let block: Int
    /// Element strides of the batch, the channel (block), and the spatial dimensions.
    private let strides: [Int]
    private let spatial: [Int]

    /// The layout of a value described by `layout` (N×C or N×C×H×W); other layouts are an error naming `use`.
    init(_ layout: dnnl_memory_desc_t, use: String) throws {
        let rank = Int(layout.ndims)
        let dims = withUnsafeBytes(of: layout.dims) {
            Array($0.bindMemory(to: dnnl_dim_t.self).prefix(rank)).map(Int.init)
        }
        let blocking = layout.format_desc.blocking
        let outer = withUnsafeBytes(of: blocking.strides) {
            Array($0.bindMemory(to: dnnl_dim_t.self).prefix(rank)).map(Int.init)
        }
        let blocks = withUnsafeBytes(of: blocking.inner_blks) {
            Array($0.bindMemory(to: dnnl_dim_t.self).prefix(Int(blocking.inner_nblks)))
        }
        let indices = withUnsafeBytes(of: blocking.inner_idxs) {
            Array($0.bindMemory(to: dnnl_dim_t.self).prefix(Int(blocking.inner_nblks)))
        }
        guard layout.format_kind == dnnl_blocked, rank == 2 || rank == 4, blocks.count <= 1,
            indices.allSatisfy({ $0 == 1 })
        else {
            throw EngineError.oneDNN(call: "\(use): unsupported activation layout", status: nil)
        }
        batch = dims[0]
        channels = dims[1]
        block = blocks.first.map(Int.init) ?? 1
        strides = outer
        spatial = Array(dims.dropFirst(2))
    }

    /// Calls `body(n, first, lanes, start)` for every run of `lanes` channels `first...` of image `n` (of `images`,
    /// by default all) stored one after the other from element `start` (one run per position of a channel block; one
    /// channel per run when plain).
    @inline(__always)
    func forEachRun(
        images: Range<Int>? = nil, _ body: (_ n: Int, _ first: Int, _ lanes: Int, _ start: Int) -> Void
    ) {
        let height = spatial.first ?? 1, width = spatial.last ?? 1
        let (rowStride, columnStride) = spatial.isEmpty ? (0, 0) : (strides[2], strides[3])
        for n in images ?? 0..<batch {
            for channelBlock in 0..<((channels + block - 1) / block) {
                let first = channelBlock * block, lanes = min(block, channels - first)
                let base = n * strides[0] + channelBlock * strides[1]
                for row in 0..<height {
                    for column in 0..<width { body(n, first, lanes, base + row * rowStride + column * columnStride) }
                }
            }
        }
    }
}
