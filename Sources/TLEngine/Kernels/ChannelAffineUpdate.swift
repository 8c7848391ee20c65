import CDNNL

/// target += slope[c]·source + offset[c] for every element of channel c, over a value in any of the layouts oneDNN
/// gives activations (plain N×C×H×W or N×H×W×C, channel-blocked N×C/b×H×W×b, or N×F). oneDNN's binary primitive only
/// has optimised kernels for this broadcast in some layouts on some CPUs, so it runs here, walking the layout's strides.
struct ChannelAffineUpdate {
    private let source: FloatBuffer
    private let target: FloatBuffer
    private let slope: FloatBuffer
    private let offset: FloatBuffer
    private let batch: Int
    private let channels: Int
    /// Channels stored together innermost (1 for a plain layout).
    private let block: Int
    /// Element strides of the batch, the channel (block), and the spatial dimensions.
    private let strides: [Int]
    private let spatial: [Int]

    /// The update of `target` from `source`, both in `layout` (N×C or N×C×H×W).
    init(layout: dnnl_memory_desc_t, source: FloatBuffer, target: FloatBuffer, slope: FloatBuffer, offset: FloatBuffer)
        throws
    {
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
            throw EngineError.oneDNN(
                call: "synchronised batch normalisation: unsupported activation layout", status: nil)
        }
        self.source = source
        self.target = target
        self.slope = slope
        self.offset = offset
        batch = dims[0]
        channels = dims[1]
        block = blocks.first.map(Int.init) ?? 1
        strides = outer
        spatial = Array(dims.dropFirst(2))
    }

    /// Applies the update with the current slopes and offsets.
    func run() {
        let x = source.pointer, y = target.pointer, a = slope.pointer, b = offset.pointer
        let height = spatial.first ?? 1, width = spatial.last ?? 1
        let (rowStride, columnStride) = spatial.isEmpty ? (0, 0) : (strides[2], strides[3])
        for n in 0..<batch {
            for channelBlock in 0..<((channels + block - 1) / block) {
                let first = channelBlock * block, inBlock = min(block, channels - first)
                let base = n * strides[0] + channelBlock * strides[1]
                for row in 0..<height {
                    for column in 0..<width {
                        let start = base + row * rowStride + column * columnStride
                        for lane in 0..<inBlock {
                            let c = first + lane
                            y[start + lane] += a[c] * x[start + lane] + b[c]
                        }
                    }
                }
            }
        }
    }
}
