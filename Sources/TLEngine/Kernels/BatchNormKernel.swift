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

    init(_ op: BatchNormOp, mode: BatchNormMode, input: Value, weight: Parameter?, bias: Parameter?,
         running: (mean: Parameter, variance: Parameter, count: Parameter), trainsWeights: Bool, inPlace: Bool,
         shared: SharedBatchStatistics?, context: DNNLContext, memory: PlanMemory) throws {
        usesBatchStatistics = mode == .train
        let shared = usesBatchStatistics ? shared : nil
        momentum = Float(op.momentum)
        channels = input.dims[1]
        perChannel = input.count / (input.dims[0] * input.dims[1])
        runningMean = running.mean
        runningVariance = running.variance
        batchesTracked = running.count
        batchMean = FloatBuffer(count: channels)
        batchVariance = FloatBuffer(count: channels)
        let needsGrad = input.needsGrad || trainsWeights
        output = inPlace && !needsGrad && shared == nil
            ? Value(dims: input.dims, layout: input.layout, buffer: input.buffer, grad: nil)
            : Value(dims: input.dims, layout: input.layout, needsGrad: needsGrad, memory: memory)

        var data = input.layout
        let vector = try plainDescriptor([channels])
        let affine: UInt32 = weight != nil ? dnnl_use_scale.rawValue | dnnl_use_shift.rawValue : 0
        let eps = Float(op.eps)
        let vectorMemory = { (buffer: FloatBuffer) in try DNNLMemory(vector, pointer: UnsafeMutableRawPointer(buffer.pointer), context: context) }
        let src = try DNNLMemory(data, pointer: UnsafeMutableRawPointer(input.buffer.pointer), context: context)
        let dst = try DNNLMemory(data, pointer: UnsafeMutableRawPointer(output.buffer.pointer), context: context)
        var scaleShift: [(Int32, DNNLMemory)] = []
        if let weight, let bias { scaleShift = [(DNNL_ARG_SCALE, try vectorMemory(weight.value)), (DNNL_ARG_SHIFT, try vectorMemory(bias.value))] }
        let runningArguments = [(DNNL_ARG_MEAN, try vectorMemory(running.mean.value)), (DNNL_ARG_VARIANCE, try vectorMemory(running.variance.value))]
        let batchArguments = [(DNNL_ARG_MEAN, try vectorMemory(batchMean)), (DNNL_ARG_VARIANCE, try vectorMemory(batchVariance))]

        var inferenceDesc = dnnl_batch_normalization_desc_t()
        try dnnlCheck(dnnl_batch_normalization_forward_desc_init(
            &inferenceDesc, output.needsGrad && !usesBatchStatistics ? dnnl_forward_training : dnnl_forward_inference,
            &data, eps, affine | dnnl_use_global_stats.rawValue), "batch_normalization_forward_desc_init")
        inferenceForward = try DNNLPrimitive(&inferenceDesc, context: context, memory: memory)
        inferenceForward.bind([(DNNL_ARG_SRC, src), (DNNL_ARG_DST, dst)] + scaleShift + runningArguments)

        if usesBatchStatistics {
            var trainingDesc = dnnl_batch_normalization_desc_t()
            try dnnlCheck(dnnl_batch_normalization_forward_desc_init(&trainingDesc, dnnl_forward_training, &data, eps, affine),
                          "batch_normalization_forward_desc_init")
            let primitive = try DNNLPrimitive(&trainingDesc, serial: true, context: context, memory: memory)
            primitive.bind([(DNNL_ARG_SRC, src), (DNNL_ARG_DST, dst)] + scaleShift + batchArguments)
            trainingForward = primitive
        } else {
            trainingForward = nil
        }

        if let shared {
            let ones = FloatBuffer(count: channels), zeros = FloatBuffer(count: channels)
            for c in 0..<channels { ones.pointer[c] = 1 }
            synchronisation = try BatchNormSynchronisation(
                shared: shared, data: data, channels: channels, localCount: input.dims[0] * perChannel, eps: eps,
                input: input.buffer, src: src, dst: dst,
                mean: batchMean, variance: batchVariance, scale: weight?.value ?? ones, shift: bias?.value ?? zeros,
                outputGradient: output.grad, inputGradient: input.grad, scaleGradient: trainsWeights ? weight?.grad : nil,
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
        var unused: [FloatBuffer] = []
        let spare = { (count: Int) -> FloatBuffer in
            let buffer = FloatBuffer(count: count)
            unused.append(buffer)
            return buffer
        }
        let hint = trainingForward ?? inferenceForward
        let flags = affine | (usesBatchStatistics ? 0 : dnnl_use_global_stats.rawValue)
        var backwardDesc = dnnl_batch_normalization_desc_t()
        try dnnlCheck(dnnl_batch_normalization_backward_desc_init(
            &backwardDesc, weight != nil ? dnnl_backward : dnnl_backward_data, &data, &data, eps, flags),
            "batch_normalization_backward_desc_init")
        let primitive = try DNNLPrimitive(&backwardDesc, hint: hint, serial: true, context: context, memory: memory)
        let inputGrad = input.grad ?? spare(input.buffer.count)
        var arguments: [(Int32, DNNLMemory)] = [
            (DNNL_ARG_SRC, src),
            (DNNL_ARG_DIFF_DST, try DNNLMemory(data, pointer: UnsafeMutableRawPointer(outputGrad.pointer), context: context)),
            (DNNL_ARG_DIFF_SRC, try DNNLMemory(data, pointer: UnsafeMutableRawPointer(inputGrad.pointer), context: context)),
        ] + (usesBatchStatistics ? batchArguments : runningArguments)
        if let weight, let bias {
            arguments += [(DNNL_ARG_SCALE, try vectorMemory(weight.value)), (DNNL_ARG_SHIFT, try vectorMemory(bias.value)),
                          (DNNL_ARG_DIFF_SCALE, try vectorMemory(trainsWeights ? weight.grad : spare(channels))),
                          (DNNL_ARG_DIFF_SHIFT, try vectorMemory(trainsWeights ? bias.grad : spare(channels)))]
        }
        discarded = unused
        primitive.bind(arguments)
        backwardPrimitive = primitive
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
