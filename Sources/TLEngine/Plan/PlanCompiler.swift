import CDNNL
import TLGraph

/// Turns graph layers into kernels with their buffers; decides where gradients are needed.
struct PlanCompiler {
    let store: ParameterStore
    let frozen: Set<String>
    let batchNormModes: [String: BatchNormMode]
    let lrMultipliers: [String: Double]
    let batchSize: Int
    let seed: UInt64
    let context: DNNLContext
    let scratchpad = Scratchpad()
    /// The shared buffer for blocked convolution weights (sized before compiling).
    var weightsScratch: WeightsScratch
    /// Output shape of every layer by name (from the shared shape inference).
    var outputs: [String: TensorShape] = [:]
    private(set) var trainable: [Parameter] = []
    private(set) var dropouts: [DropoutKernel] = []

    init(store: ParameterStore, frozen: Set<String>, batchNormModes: [String: BatchNormMode], lrMultipliers: [String: Double],
         batchSize: Int, seed: UInt64, context: DNNLContext) {
        self.store = store
        self.frozen = frozen
        self.batchNormModes = batchNormModes
        self.lrMultipliers = lrMultipliers
        self.batchSize = batchSize
        self.seed = seed
        self.context = context
        weightsScratch = WeightsScratch(layers: [])
    }

    /// Kernels for `layers` starting from `input`, and the value they end in.
    mutating func compile(_ layers: [Layer], input: Value) throws -> ([Kernel], Value) {
        var kernels: [Kernel] = []
        var current = input
        for layer in layers {
            let needsPlain: Bool
            switch layer.op {
            case .flatten, .linear, .batchNorm1d: needsPlain = true
            default: needsPlain = false
            }
            if needsPlain && (!current.isPlain || current.dims.count != 2) {
                let (plain, adapter) = try ReorderKernel.plain(current, context: context, scratchpad: scratchpad)
                if let adapter { kernels.append(adapter) }
                current = try flat(plain)
            }
            if case .flatten = layer.op { continue }
            let kernel = try compile(layer, input: current)
            kernels.append(kernel)
            current = kernel.output
        }
        return (kernels, current)
    }

    /// A plain value seen as N×features (flatten is a view of the same storage).
    private func flat(_ value: Value) throws -> Value {
        let dims = [batchSize, value.count / batchSize]
        return Value(dims: dims, layout: try plainDescriptor(dims), buffer: value.buffer, grad: value.grad)
    }

    private func dims(_ layer: Layer) throws -> [Int] {
        guard let shape = outputs[layer.name] else { throw EngineError("no inferred shape for layer '\(layer.name)'") }
        return [batchSize] + shape.dims
    }

    /// The layer's parameter `suffix`, marked trainable when the layer trains.
    private mutating func parameter(_ layer: Layer, _ suffix: String) throws -> Parameter {
        guard let parameter = store["\(layer.name).\(suffix)"] else { throw EngineError("missing tensor '\(layer.name).\(suffix)'") }
        if trains(layer) && !parameter.isBuffer {
            parameter.trainable = true
            parameter.lrMultiplier = lrMultipliers[layer.name] ?? 1
            trainable.append(parameter)
        }
        return parameter
    }

    private func trains(_ layer: Layer) -> Bool { !frozen.contains(layer.name) }

    private mutating func compile(_ layer: Layer, input: Value) throws -> Kernel {
        switch layer.op {
        case .conv2d(let op):
            return try ConvolutionKernel(op, input: input, weight: try parameter(layer, "weight"),
                                         bias: op.bias ? try parameter(layer, "bias") : nil, outputDims: try dims(layer),
                                         trainsWeights: trains(layer), context: context, scratchpad: scratchpad,
                                         weightsScratch: weightsScratch)
        case .linear(let op):
            return try LinearKernel(op, input: input, weight: try parameter(layer, "weight"),
                                    bias: op.bias ? try parameter(layer, "bias") : nil, trainsWeights: trains(layer),
                                    context: context, scratchpad: scratchpad)
        case .relu:
            return try EltwiseKernel(algorithm: dnnl_eltwise_relu, alpha: 0, input: input, context: context, scratchpad: scratchpad)
        case .leakyReLU(let slope):
            return try EltwiseKernel(algorithm: dnnl_eltwise_relu, alpha: Float(slope), input: input, context: context, scratchpad: scratchpad)
        case .gelu(let tanh):
            return try EltwiseKernel(algorithm: tanh ? dnnl_eltwise_gelu_tanh : dnnl_eltwise_gelu_erf, alpha: 0, input: input,
                                     context: context, scratchpad: scratchpad)
        case .maxPool2d(let op):
            return try MaxPoolKernel(op, input: input, outputDims: try dims(layer), context: context, scratchpad: scratchpad)
        case .avgPool2d(let op):
            return try AveragePoolKernel(op, input: input, outputDims: try dims(layer), context: context, scratchpad: scratchpad)
        case .adaptiveAvgPool2d, .globalAvgPool:
            return try AveragePoolKernel(adaptive: input, outputDims: try dims(layer), context: context, scratchpad: scratchpad)
        case .batchNorm2d(let op), .batchNorm1d(let op):
            let trainsWeights = trains(layer) && op.affine
            let weight = op.affine ? try parameter(layer, "weight") : nil
            let bias = op.affine ? try parameter(layer, "bias") : nil
            return try BatchNormKernel(op, mode: batchNormModes[layer.name] ?? .train, input: input, weight: weight, bias: bias,
                                       running: (try parameter(layer, "running_mean"), try parameter(layer, "running_var"),
                                                 try parameter(layer, "num_batches_tracked")),
                                       trainsWeights: trainsWeights, context: context, scratchpad: scratchpad)
        case .dropout(let p):
            let kernel = DropoutKernel(p: p, input: input, random: SeededRandom(seed: seed, stream: "dropout:" + layer.name))
            dropouts.append(kernel)
            return kernel
        case .residual(let block):
            // The body writes the input gradient itself; a projecting shortcut writes its own, which is then added.
            let bodyStart = Value(dims: input.dims, layout: input.layout, buffer: input.buffer, grad: input.grad)
            let shortcutGrad = input.needsGrad && !block.shortcut.isEmpty ? FloatBuffer(count: input.buffer.count) : nil
            let shortcutStart = Value(dims: input.dims, layout: input.layout, buffer: input.buffer, grad: shortcutGrad)
            let (body, _) = try compile(block.body, input: bodyStart)
            let (shortcut, _) = try compile(block.shortcut, input: shortcutStart)
            return try ResidualKernel(input: input, body: body, shortcut: shortcut, shortcutStart: shortcutStart,
                                      context: context, scratchpad: scratchpad)
        case .flatten:
            throw EngineError("flatten is a view and has no kernel")
        }
    }
}
