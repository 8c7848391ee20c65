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
    /// Scratch space and gradient slots shared by the plan's kernels.
    let memory: PlanMemory
    /// The shared buffer for blocked convolution weights.
    let weightsScratch: WeightsScratch
    /// Output shape of every layer by name (from the shared shape inference).
    let outputs: [String: TensorShape]
    private(set) var trainable: [Parameter] = []
    private(set) var dropouts: [DropoutKernel] = []

    init(store: ParameterStore, frozen: Set<String>, batchNormModes: [String: BatchNormMode], lrMultipliers: [String: Double],
         batchSize: Int, seed: UInt64, context: DNNLContext, memory: PlanMemory, weightsScratch: WeightsScratch,
         outputs: [String: TensorShape]) {
        self.store = store
        self.frozen = frozen
        self.batchNormModes = batchNormModes
        self.lrMultipliers = lrMultipliers
        self.batchSize = batchSize
        self.seed = seed
        self.context = context
        self.memory = memory
        self.weightsScratch = weightsScratch
        self.outputs = outputs
    }

    /// Kernels for `layers` starting from `input`, and the value they end in.
    mutating func compile(_ layers: [Layer], input: Value) throws -> ([Kernel], Value) {
        var kernels: [Kernel] = []
        var current = input
        for layer in Self.poolingBeforeReLU(layers) {
            memory.layer = layer.name
            // A value is overwritable when the kernel just before made it and this layer is its only reader.
            let overwritable = kernels.last.map { $0.output === current } ?? false
            let needsPlain: Bool
            switch layer.op {
            case .flatten, .linear, .batchNorm1d: needsPlain = true
            default: needsPlain = false
            }
            if needsPlain && (!current.isPlain || current.dims.count != 2) {
                let (plain, adapter) = try ReorderKernel.plain(current, context: context, memory: memory)
                if let adapter { append(adapter, to: &kernels) }
                current = try flat(plain)
            }
            if case .flatten = layer.op { continue }
            let kernel = try compile(layer, input: current, overwritable: overwritable)
            append(kernel, to: &kernels)
            current = kernel.output
        }
        return (kernels, current)
    }

    /// `layers` with every ReLU that a max-pooling layer directly follows moved after it. The two commute exactly:
    /// max(relu(x)) = relu(max(x)), and the gradient reaches the same input element (the window's first maximum when it
    /// is positive, none otherwise); the ReLU then runs on the pooled map, a quarter of the size for 2x2 pooling.
    static func poolingBeforeReLU(_ layers: [Layer]) -> [Layer] {
        var ordered = layers
        for index in ordered.indices.dropLast() {
            guard case .relu = ordered[index].op, case .maxPool2d = ordered[index + 1].op else { continue }
            ordered.swapAt(index, index + 1)
        }
        return ordered
    }

    /// Adds `kernel` to a chain; what it read is dead now unless kept alive for a later kernel.
    private func append(_ kernel: Kernel, to kernels: inout [Kernel]) {
        kernels.append(kernel)
        memory.retire(keeping: kernel.output)
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

    private mutating func compile(_ layer: Layer, input: Value, overwritable: Bool) throws -> Kernel {
        switch layer.op {
        case .conv2d(let op):
            return try ConvolutionKernel(op, input: input, weight: try parameter(layer, "weight"),
                                         bias: op.bias ? try parameter(layer, "bias") : nil, outputDims: try dims(layer),
                                         trainsWeights: trains(layer), context: context, memory: memory,
                                         weightsScratch: weightsScratch)
        case .linear(let op):
            return try LinearKernel(op, input: input, weight: try parameter(layer, "weight"),
                                    bias: op.bias ? try parameter(layer, "bias") : nil, trainsWeights: trains(layer),
                                    context: context, memory: memory)
        case .relu:
            return try EltwiseKernel(algorithm: dnnl_eltwise_relu, alpha: 0, input: input, inPlace: overwritable,
                                     context: context, memory: memory)
        case .leakyReLU(let slope):
            return try EltwiseKernel(algorithm: dnnl_eltwise_relu, alpha: Float(slope), input: input, inPlace: overwritable,
                                     context: context, memory: memory)
        case .gelu(let tanh):
            return try EltwiseKernel(algorithm: tanh ? dnnl_eltwise_gelu_tanh : dnnl_eltwise_gelu_erf, alpha: 0, input: input,
                                     inPlace: false, context: context, memory: memory)
        case .maxPool2d(let op):
            return try MaxPoolKernel(op, input: input, outputDims: try dims(layer), context: context, memory: memory)
        case .avgPool2d(let op):
            return try AveragePoolKernel(op, input: input, outputDims: try dims(layer), context: context, memory: memory)
        case .adaptiveAvgPool2d, .globalAvgPool:
            return try AveragePoolKernel(adaptive: input, outputDims: try dims(layer), context: context, memory: memory)
        case .batchNorm2d(let op), .batchNorm1d(let op):
            let trainsWeights = trains(layer) && op.affine
            let weight = op.affine ? try parameter(layer, "weight") : nil
            let bias = op.affine ? try parameter(layer, "bias") : nil
            return try BatchNormKernel(op, mode: BatchNormMode.of(layer, in: batchNormModes) ?? .train, input: input, weight: weight, bias: bias,
                                       running: (try parameter(layer, "running_mean"), try parameter(layer, "running_var"),
                                                 try parameter(layer, "num_batches_tracked")),
                                       trainsWeights: trainsWeights, inPlace: overwritable, context: context, memory: memory)
        case .dropout(let p):
            let kernel = DropoutKernel(p: p, input: input, seed: seed, stream: "dropout:" + layer.name, memory: memory)
            dropouts.append(kernel)
            return kernel
        case .residual(let block):
            // The body writes the input gradient itself; a projecting shortcut writes its own, which is then added.
            // The shortcut runs first; the input and the shortcut's result stay alive until the sum.
            let bodyStart = Value(dims: input.dims, layout: input.layout, buffer: input.buffer, grad: input.grad)
            let shortcutStart = Value(dims: input.dims, layout: input.layout, buffer: input.buffer,
                                      grad: input.needsGrad ? memory.residualShortcutInput : nil)
            memory.keepAlive(input)
            defer { memory.stopKeepingAlive(input) }
            memory.continueChain(after: input)
            let (shortcut, shortcutResult) = try compile(block.shortcut, input: shortcutStart)
            memory.keepAlive(shortcutResult)
            defer { memory.stopKeepingAlive(shortcutResult) }
            memory.continueChain(after: input)
            let (body, _) = try compile(block.body, input: bodyStart)
            memory.layer = layer.name
            return try ResidualKernel(input: input, body: body, shortcut: shortcut, shortcutStart: shortcutStart,
                                      context: context, memory: memory)
        case .flatten:
            throw EngineError("flatten is a view and has no kernel")
        }
    }
}
