import CDNNL
import TLGraph

/// Batch normalisation on oneDNN, over channels of N×C×H×W or features of N×F, as PyTorch computes it.
///
/// With batch statistics (training a trainable layer, or a frozen one under `batchnorm: train`) it normalises
/// by the batch mean and biased variance and updates the running statistics with `momentum` and the unbiased
/// variance; otherwise (evaluation, or frozen under `batchnorm: eval`) it uses the running statistics and never
/// changes them. With `inPlace` and no backward, the result overwrites the input (the plan compiler asks for it
/// when nothing else reads that input). With `shared` statistics (synchronised BatchNorm in data-parallel training)
/// batch statistics are the global batch's, see `BatchNormSynchronisation`.
final class BatchNormKernel: Kernel {
    let output: Value
    private let usesBatchStatistics: Bool
    private let momentum: Float
    private let channels: Int
    private let perChannel: Int
    private let trainingForward: DNNLPrimitive?
    private let inferenceForward: DNNLPrimitive
    private let backwardPrimitive: DNNLPrimitive?
    private let batchMean: FloatBuffer
    private let batchVariance: FloatBuffer
    private let runningMean: Parameter
    private let runningVariance: Parameter
    private let batchesTracked: Parameter
    /// Where gradients go that oneDNN always writes but nothing uses: the input's when it needs none, the
    /// scale's and shift's when they are frozen (oneDNN 2.6 crashes creating the input-gradient-only pass
    /// with scale and shift, so the full backward pass runs instead).
    private let discarded: [FloatBuffer]
    /// The exchange of statistics with the other processes (synchronised BatchNorm with batch statistics only).
    private let synchronisation: BatchNormSynchronisation?

    init(
        _ op: BatchNormOp, mode: BatchNormMode, input: Value, weight: Parameter?, bias: Parameter?,
        running: (mean: Parameter, variance: Parameter, count: Parameter), trainsWeights: Bool, inPlace: Bool,
        shared: SharedBatchStatistics?, context: DNNLContext, memory: PlanMemory
    ) throws {
        usesBatchStatistics = mode == .train
        let shared = usesBatchStatistics ? shared : nil
        momentum = Float(op.momentum)
        channels = input.dims[1]
        perChannel = input.count / (input.dims[0] * input.dims[1])
        runningMean = running.mean
        runningVariance = running.variance
        batchesTracked = running.count
        batchMean = try FloatBuffer(count: channels)
        batchVariance = try FloatBuffer(count: channels)
        let needsGrad = input.needsGrad || trainsWeights
        output =
            inPlace && !needsGrad && shared == nil
            ? Value(dims: input.dims, layout: input.layout, buffer: input.buffer, grad: nil)
            : try Value(dims: input.dims, layout: input.layout, needsGrad: needsGrad, memory: memory)

        let memories = try BatchNormMemories(
            input: input, output: output, weight: weight, bias: bias, running: running,
            batchMean: batchMean, batchVariance: batchVariance, context: context)
        let affine: UInt32 = weight != nil ? dnnl_use_scale.rawValue | dnnl_use_shift.rawValue : 0
        let eps = Float(op.eps)
        inferenceForward = try Self.inferenceForward(
            memories, eps: eps, affine: affine, training: output.needsGrad && !usesBatchStatistics,
            context: context, memory: memory)
        trainingForward =
            usesBatchStatistics
            ? try Self.trainingForward(memories, eps: eps, affine: affine, context: context, memory: memory)
            : nil

        if let shared {
            let ones = try FloatBuffer(count: channels), zeros = try FloatBuffer(count: channels)
            for c in 0..<channels { ones.pointer[c] = 1 }
            synchronisation = try BatchNormSynchronisation(
                shared: shared, data: memories.layout, channels: channels, localCount: input.dims[0] * perChannel,
                eps: eps,
                input: input.buffer, src: memories.src, dst: memories.dst,
                mean: batchMean, variance: batchVariance, scale: weight?.value ?? ones, shift: bias?.value ?? zeros,
                outputGradient: output.grad, inputGradient: input.grad,
                scaleGradient: trainsWeights ? weight?.grad : nil,
                shiftGradient: trainsWeights ? bias?.grad : nil, context: context, memory: memory)
            backwardPrimitive = nil
            discarded = [ones, zeros]
            return
        }
        synchronisation = nil
        guard let outputGrad = output.grad else {
            backwardPrimitive = nil
            discarded = []
            return
        }
        (backwardPrimitive, discarded) = try Self.backward(
            memories, input: input, outputGradient: outputGrad, weight: weight, bias: bias,
            trainsWeights: trainsWeights,
            statistics: usesBatchStatistics ? memories.batch : memories.running, eps: eps,
            flags: affine | (usesBatchStatistics ? 0 : dnnl_use_global_stats.rawValue),
            hint: trainingForward ?? inferenceForward,
            context: context, memory: memory)
    }

    /// The forward pass with the running statistics (a training pass where a frozen layer's output needs a gradient).
    private static func inferenceForward(
        _ memories: BatchNormMemories, eps: Float, affine: UInt32, training: Bool,
        context: DNNLContext, memory: PlanMemory
    ) throws -> DNNLPrimitive {
        var data = memories.layout
        var desc = dnnl_batch_normalization_desc_t()
        try dnnlCheck(
            dnnl_batch_normalization_forward_desc_init(
                &desc, training ? dnnl_forward_training : dnnl_forward_inference,
                &data, eps, affine | dnnl_use_global_stats.rawValue), "batch_normalization_forward_desc_init")
        let primitive = try DNNLPrimitive(&desc, context: context, memory: memory)
        primitive.bind(
            [(DNNL_ARG_SRC, memories.src), (DNNL_ARG_DST, memories.dst)] + memories.scaleShift + memories.running)
        return primitive
    }

    /// The forward pass with the batch's statistics, on one thread (see `ComputeThreads.serially`).
    private static func trainingForward(
        _ memories: BatchNormMemories, eps: Float, affine: UInt32,
        context: DNNLContext, memory: PlanMemory
    ) throws -> DNNLPrimitive {
        var data = memories.layout
        var desc = dnnl_batch_normalization_desc_t()
        try dnnlCheck(
            dnnl_batch_normalization_forward_desc_init(&desc, dnnl_forward_training, &data, eps, affine),
            "batch_normalization_forward_desc_init")
        let primitive = try DNNLPrimitive(&desc, serial: true, context: context, memory: memory)
        primitive.bind(
            [(DNNL_ARG_SRC, memories.src), (DNNL_ARG_DST, memories.dst)] + memories.scaleShift + memories.batch)
        return primitive
    }

    /// The backward pass from `statistics` (the scale's and shift's gradients too where the layer has them), and the
    /// buffers it writes that nothing reads (see `discarded`).
    private static func backward(
        _ memories: BatchNormMemories, input: Value, outputGradient: FloatBuffer, weight: Parameter?,
        bias: Parameter?, trainsWeights: Bool, statistics: [(Int32, DNNLMemory)], eps: Float, flags: UInt32,
        hint: DNNLPrimitive, context: DNNLContext, memory: PlanMemory
    ) throws -> (DNNLPrimitive?, [FloatBuffer]) {
        var unused: [FloatBuffer] = []
        let spare = { (count: Int) throws -> FloatBuffer in
            let buffer = try FloatBuffer(count: count)
            unused.append(buffer)
            return buffer
        }
        var data = memories.layout
        var backwardDesc = dnnl_batch_normalization_desc_t()
        try dnnlCheck(
            dnnl_batch_normalization_backward_desc_init(
                &backwardDesc, weight != nil ? dnnl_backward : dnnl_backward_data, &data, &data, eps, flags),
            "batch_normalization_backward_desc_init")
        let primitive = try DNNLPrimitive(&backwardDesc, hint: hint, serial: true, context: context, memory: memory)
        let inputGrad = try input.grad ?? spare(input.buffer.count)
        var arguments: [(Int32, DNNLMemory)] =
            [
                (DNNL_ARG_SRC, memories.src),
                (
                    DNNL_ARG_DIFF_DST,
                    try DNNLMemory(data, pointer: UnsafeMutableRawPointer(outputGradient.pointer), context: context)
                ),
                (
                    DNNL_ARG_DIFF_SRC,
                    try DNNLMemory(data, pointer: UnsafeMutableRawPointer(inputGrad.pointer), context: context)
                ),
            ] + statistics
        if let weight, let bias {
            arguments += [
                (DNNL_ARG_SCALE, try memories.vector(weight.value)), (DNNL_ARG_SHIFT, try memories.vector(bias.value)),
                (DNNL_ARG_DIFF_SCALE, try memories.vector(trainsWeights ? weight.grad : spare(memories.channels))),
                (DNNL_ARG_DIFF_SHIFT, try memories.vector(trainsWeights ? bias.grad : spare(memories.channels))),
            ]
        }
        primitive.bind(arguments)
        return (primitive, unused)
    }

    func forward(training: Bool) {
        guard training, let trainingForward else {
            inferenceForward.run()
            return
        }
        trainingForward.run()
        synchronisation?.forward()
        updateRunningStatistics()
    }

    /// running = (1 - momentum)·running + momentum·batch, with the unbiased batch variance (as PyTorch).
    private func updateRunningStatistics() {
        let n = Float(synchronisation?.globalCount ?? Double(output.dims[0] * perChannel))
        let unbiased = n > 1 ? n / (n - 1) : 1
        let keep = 1 - momentum
        let mean = runningMean.value.pointer, variance = runningVariance.value.pointer
        for c in 0..<channels {
            mean[c] = keep * mean[c] + momentum * batchMean.pointer[c]
            variance[c] = keep * variance[c] + momentum * batchVariance.pointer[c] * unbiased
        }
        batchesTracked.value.pointer[0] += 1
    }

    func backward() {
        if let synchronisation { synchronisation.backward() } else { backwardPrimitive?.run() }
    }
}

/// The oneDNN memories a BatchNorm layer's passes bind: the data in and out (in the input's layout) and the
/// per-channel vectors.
private struct BatchNormMemories {
    /// The input's layout, which the output shares.
    let layout: dnnl_memory_desc_t
    let src: DNNLMemory
    let dst: DNNLMemory
    /// The scale and shift (none without them).
    let scaleShift: [(Int32, DNNLMemory)]
    /// The running mean and variance.
    let running: [(Int32, DNNLMemory)]
    /// The batch's mean and variance.
    let batch: [(Int32, DNNLMemory)]
    let channels: Int
    private let vectorLayout: dnnl_memory_desc_t
    private let context: DNNLContext

    /// The memories over `input`'s and `output`'s buffers, the parameters' values and the batch statistics' buffers.
    init(
        input: Value, output: Value, weight: Parameter?, bias: Parameter?,
        running: (mean: Parameter, variance: Parameter, count: Parameter),
        batchMean: FloatBuffer, batchVariance: FloatBuffer, context: DNNLContext
    ) throws {
        layout = input.layout
        channels = input.dims[1]
        let vectorLayout = try plainDescriptor([channels])
        self.vectorLayout = vectorLayout
        self.context = context
        let vector = { (buffer: FloatBuffer) in
            try DNNLMemory(vectorLayout, pointer: UnsafeMutableRawPointer(buffer.pointer), context: context)
        }
        src = try DNNLMemory(layout, pointer: UnsafeMutableRawPointer(input.buffer.pointer), context: context)
        dst = try DNNLMemory(layout, pointer: UnsafeMutableRawPointer(output.buffer.pointer), context: context)
        if let weight, let bias {
            scaleShift = [(DNNL_ARG_SCALE, try vector(weight.value)), (DNNL_ARG_SHIFT, try vector(bias.value))]
        } else {
            scaleShift = []
        }
        self.running = [
            (DNNL_ARG_MEAN, try vector(running.mean.value)), (DNNL_ARG_VARIANCE, try vector(running.variance.value)),
        ]
        batch = [(DNNL_ARG_MEAN, try vector(batchMean)), (DNNL_ARG_VARIANCE, try vector(batchVariance))]
    }

    /// A memory over the per-channel vector `buffer`.
    func vector(_ buffer: FloatBuffer) throws -> DNNLMemory {
        try DNNLMemory(vectorLayout, pointer: UnsafeMutableRawPointer(buffer.pointer), context: context)
    }
}
