import CDNNL

/// target += slope[c]·source + offset[c] for every element of channel c, over a value in any of the layouts oneDNN
/// gives activations (see `ChannelLayout`). oneDNN's binary primitive only has optimised kernels for this broadcast in
/// some layouts on some CPUs, so it runs here, walking the layout's strides.
struct ChannelAffineUpdate {
    private let source: FloatBuffer
    private let target: FloatBuffer
    private let slope: FloatBuffer
    private let offset: FloatBuffer
    private let channels: ChannelLayout

    /// The update of `target` from `source`, both in `layout` (N×C or N×C×H×W).
    init(layout: dnnl_memory_desc_t, source: FloatBuffer, target: FloatBuffer, slope: FloatBuffer, offset: FloatBuffer)
        throws
    {
        channels = try ChannelLayout(layout, use: "synchronised batch normalisation")
        self.source = source
        self.target = target
        self.slope = slope
        self.offset = offset
    }

    /// Applies the update with the current slopes and offsets.
    func run() {
        let x = source.pointer, y = target.pointer, a = slope.pointer, b = offset.pointer
        channels.forEachRun { _, first, lanes, start in
            for lane in 0..<lanes {
                let c = first + lane
                y[start + lane] += a[c] * x[start + lane] + b[c]
            }
        }
    }
}
