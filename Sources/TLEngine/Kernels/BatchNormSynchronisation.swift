import CDNNL

/// The part of a BatchNorm layer that makes data-parallel processes normalise as one process would over the whole
/// global batch (`train.sync_batchnorm`, PyTorch's SyncBatchNorm).
///
/// Forward: each process's batch mean and variance (from oneDNN's training pass) become per-channel counts, sums and
/// sums of squares, summed over the processes; the input is then normalised by the global mean and biased variance.
/// Backward: oneDNN's pass with those statistics held fixed gives γ·σ⁻¹·dy and this process's Σdy and Σdy·x̂; the
/// sums, weighted by each process's share of the global batch, are summed over the processes, and the terms the batch
/// statistics contribute, −γ·σ⁻¹·(Σdy + x̂·Σdy·x̂)/n, are added to the input gradient as a·x + b per channel.
final class BatchNormSynchronisation {
    private let shared: SharedBatchStatistics
    private let channels: Int
    /// Values per channel in this process's batch.
    private let localCount: Double
    /// Values per channel in the global batch of the last forward.
    private(set) var globalCount: Double = 0
    private let eps: Double
    private let mean: FloatBuffer
    private let variance: FloatBuffer
    private let scale: FloatBuffer
    private let normalise: DNNLPrimitive
    /// oneDNN's backward pass with the statistics held fixed, the buffers it writes Σdy·x̂ and Σdy into, and the
    /// input-gradient correction (nil when nothing upstream needs an input gradient).
    private struct Backward {
        let pass: DNNLPrimitive
        let scaleGradient: FloatBuffer
        let shiftGradient: FloatBuffer
        let correction: ChannelAffineUpdate?
        /// The input gradient oneDNN always writes, kept alive when nothing reads it.
        let discardedInputGradient: FloatBuffer?
    }
    /// Nil in a plan without a backward pass through this layer.
    private let backwardPart: Backward?
    /// The per-channel a and b of the input-gradient correction a·x + b.
    private let slope: FloatBuffer
    private let offset: FloatBuffer

    /// `mean` and `variance` hold the local batch statistics before `forward` and the global ones after; `scale`
    /// and `shift` are the layer's (ones and zeros without affine parameters); `scaleGradient` and `shiftGradient`
    /// receive this process's Σdy·x̂ and Σdy (nil when they do not train); `inputGradient` is nil when nothing upstream
    /// needs one. Without an `outputGradient` there is no backward pass. Where oneDNN's backward pass writes a
    /// gradient nothing uses, it gets a buffer of its own.
    init(
        shared: SharedBatchStatistics, data: dnnl_memory_desc_t, channels: Int, localCount: Int, eps: Float,
        input: FloatBuffer, src: DNNLMemory, dst: DNNLMemory, mean: FloatBuffer, variance: FloatBuffer,
        scale: FloatBuffer, shift: FloatBuffer,
        outputGradient: FloatBuffer?, inputGradient: FloatBuffer?, scaleGradient: FloatBuffer?,
        shiftGradient: FloatBuffer?,
        context: DNNLContext, memory: PlanMemory
    ) throws {
        self.shared = shared
        self.channels = channels
        self.localCount = Double(localCount)
        self.eps = Double(eps)
        self.mean = mean
        self.variance = variance
        self.scale = scale
        slope = try FloatBuffer(count: channels)
        offset = try FloatBuffer(count: channels)
        var data = data
        let vector = try plainDescriptor([channels])
        let vectorMemory = { (buffer: FloatBuffer) in
            try DNNLMemory(vector, pointer: UnsafeMutableRawPointer(buffer.pointer), context: context)
        }
        let fixed = dnnl_use_scale.rawValue | dnnl_use_shift.rawValue | dnnl_use_global_stats.rawValue
        let statistics = [
            (DNNL_ARG_MEAN, try vectorMemory(mean)), (DNNL_ARG_VARIANCE, try vectorMemory(variance)),
            (DNNL_ARG_SCALE, try vectorMemory(scale)), (DNNL_ARG_SHIFT, try vectorMemory(shift)),
        ]

        var forwardDesc = dnnl_batch_normalization_desc_t()
        try dnnlCheck(
            dnnl_batch_normalization_forward_desc_init(&forwardDesc, dnnl_forward_training, &data, eps, fixed),
            "batch_normalization_forward_desc_init")
        normalise = try DNNLPrimitive(&forwardDesc, context: context, memory: memory)
        normalise.bind([(DNNL_ARG_SRC, src), (DNNL_ARG_DST, dst)] + statistics)

        guard let outputGradient else {
            backwardPart = nil
            return
        }
        let diffSource = try inputGradient ?? FloatBuffer(count: input.count)
        let scaleGradient = try scaleGradient ?? FloatBuffer(count: channels),
            shiftGradient = try shiftGradient ?? FloatBuffer(count: channels)
        var backwardDesc = dnnl_batch_normalization_desc_t()
        try dnnlCheck(
            dnnl_batch_normalization_backward_desc_init(&backwardDesc, dnnl_backward, &data, &data, eps, fixed),
            "batch_normalization_backward_desc_init")
        let pass = try DNNLPrimitive(&backwardDesc, hint: normalise, context: context, memory: memory)
        pass.bind(
            [
                (DNNL_ARG_SRC, src),
                (
                    DNNL_ARG_DIFF_DST,
                    try DNNLMemory(data, pointer: UnsafeMutableRawPointer(outputGradient.pointer), context: context)
                ),
                (
                    DNNL_ARG_DIFF_SRC,
                    try DNNLMemory(data, pointer: UnsafeMutableRawPointer(diffSource.pointer), context: context)
                ),
                (DNNL_ARG_DIFF_SCALE, try vectorMemory(scaleGradient)),
                (DNNL_ARG_DIFF_SHIFT, try vectorMemory(shiftGradient)),
            ]
                + statistics)
        let (slope, offset) = (self.slope, self.offset)
        let correction = try inputGradient.map {
            try ChannelAffineUpdate(layout: data, source: input, target: $0, slope: slope, offset: offset)
        }
        backwardPart = Backward(
            pass: pass, scaleGradient: scaleGradient, shiftGradient: shiftGradient, correction: correction,
            discardedInputGradient: inputGradient == nil ? diffSource : nil)
    }

    /// Replaces the local batch statistics by the global batch's and normalises the input by them.
    func forward() {
        let count = shared.contributes ? localCount : 0
        var values = [Double](repeating: 0, count: 1 + 2 * channels)
        values[0] = count
        for c in 0..<channels {
            let m = Double(mean.pointer[c])
            values[1 + c] = count * m
            values[1 + channels + c] = count * (Double(variance.pointer[c]) + m * m)
        }
        let sums = shared.sum(values)
        globalCount = max(sums[0], 1)
        for c in 0..<channels {
            let m = sums[1 + c] / globalCount
            mean.pointer[c] = Float(m)
            variance.pointer[c] = Float(max(sums[1 + channels + c] / globalCount - m * m, 0))
        }
        normalise.run()
    }

    /// The input gradient (and this process's scale and shift gradients) of the global batch's normalisation.
    func backward() {
        guard let backwardPart else { return }
        backwardPart.pass.run()
        guard let correction = backwardPart.correction else { return }
        let shiftGradient = backwardPart.shiftGradient, scaleGradient = backwardPart.scaleGradient
        let weight = shared.contributes ? localCount / globalCount : 0
        var values = [Double](repeating: 0, count: 2 * channels)
        for c in 0..<channels {
            values[c] = weight * Double(shiftGradient.pointer[c])
            values[channels + c] = weight * Double(scaleGradient.pointer[c])
        }
        let sums = shared.sum(values)
        for c in 0..<channels {
            let inverse = 1 / (Double(variance.pointer[c]) + eps).squareRoot()
            let gamma = Double(scale.pointer[c]), shift = sums[c], scaled = sums[channels + c]
            slope.pointer[c] = Float(-gamma * inverse * inverse * scaled / localCount)
            offset.pointer[c] = Float(
                -gamma * inverse * (shift - Double(mean.pointer[c]) * inverse * scaled) / localCount)
        }
        correction.run()
    }
}
