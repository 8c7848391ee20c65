import CDNNL
import TLGraph

/// Turns graph layers into kernels with their buffers; decides where gradients are needed.
package struct PlanCompiler {
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
    /// The statistics exchange of synchronised BatchNorm in data-parallel training; nil in one process.
    let sharedBatchStatistics: SharedBatchStatistics?
    /// True for an evaluation plan (nothing trains, no input gradient; its forward pass always computes as in
    /// evaluation): a BatchNorm right after a convolution is folded into it (see `FoldedConvolutionKernel`).
    let evaluationOnly: Bool
    private(set) var trainable: [Parameter] = []
    /// The dropout kernels compiled so far (reseeded every step).
    var dropouts: [DropoutKernel] = []
    /// For each kernel of the outermost sequence compiled so far, the trainable parameters it holds (the kernels of a
    /// residual block's body count as the block's).
    private(set) var parametersByKernel: [[Parameter]] = []
    /// How many sequences enclose the layers being compiled (1 for the network's own).
    private(set) var depth = 0
    /// In an evaluation plan, the residual addition that ends the sequence being compiled at its `depth`: a convolution
    /// (with its BatchNorm) last in that sequence adds its result to the shortcut's in place.
    var pendingAddition: ResidualAddition?
    /// How many concatenations enclose the layers being compiled (Inception v3's blocks nest one in a branch): each
    /// level has its own shared gradient buffers.
    var concatNesting = 0
    /// True while a layer's kernel is compiled whose input the kernel just before made, that layer alone reads, and
    /// the kernel that made it never reads in backward (`OutputUnreadInBackward`): a kernel that does not read its
    /// input in backward either may then write over it, in training too.
    private(set) var inputFreeInBackward = false

    init(
        store: ParameterStore, frozen: Set<String>, batchNormModes: [String: BatchNormMode],
        lrMultipliers: [String: Double],
        batchSize: Int, seed: UInt64, context: DNNLContext, memory: PlanMemory, weightsScratch: WeightsScratch,
        outputs: [String: TensorShape], sharedBatchStatistics: SharedBatchStatistics?, evaluationOnly: Bool
    ) {
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
        self.sharedBatchStatistics = sharedBatchStatistics
        self.evaluationOnly = evaluationOnly
    }

    /// Kernels for `layers` starting from `input`, and the value they end in.
    mutating func compile(_ layers: [Layer], input: Value) throws -> ([Kernel], Value) {
        depth += 1
        defer { depth -= 1 }
        var kernels: [Kernel] = []
        var current = input
        // An evaluation plan keeps a ReLU before max pooling where it is (the convolution before applies it for free);
        // plans leave out the layers that are the identity in them.
        let kept = layers.filter {
            guard let identity = $0.op as? any IdentityInEvaluation else { return true }
            return !evaluationOnly && !identity.dropsNothing
        }
        let ordered = evaluationOnly ? kept : Self.poolingBeforeReLU(kept)
        var index = 0
        while index < ordered.count {
            let layer = ordered[index]
            index += 1
            memory.layer = layer.name
            if evaluationOnly, let conv = layer.op as? Conv2dOp {
                var next = index
                var norm: (op: BatchNormOp, layer: Layer)?, activation: EltwiseFunction?
                if let op = ordered.dropFirst(next).first?.op as? BatchNormOp, op.spatial {
                    norm = (op, ordered[next])
                    next += 1
                }
                // The addition is the convolution's only where it does not read the value it adds to.
                let addition = pendingAddition.flatMap {
                    $0.depth == depth && next == ordered.count && $0.target.buffer !== current.buffer ? $0 : nil
                }
                if let addition {
                    activation = addition.activation
                } else if let op = ordered.dropFirst(next).first?.op as? any ConvolutionPostOp {
                    activation = op.eltwise
                    next += 1
                }
                if norm != nil || activation != nil || addition != nil {
                    let kernel = try FusedConvolutionKernel(
                        conv, layer: layer, norm: norm, activation: activation, accumulatingInto: addition?.target,
                        input: current, compiler: &self)
                    append(kernel, to: &kernels, parameters: [])
                    current = kernel.output
                    index = next
                    continue
                }
            }
            guard let view = layer.op as? any KernelLayer else {
                throw EngineError.noKernelView(kind: layer.op.kind, layer: layer.name)
            }
            // A value is overwritable when the kernel just before made it and this layer is its only reader.
            let overwritable = kernels.last.map { $0.output === current } ?? false
            if let activation = layer.op as? any RecomputableActivation, index < ordered.count,
                let pair = try recomputedActivation(
                    activation, then: ordered[index], input: current, overwritable: overwritable)
            {
                append(pair.kernel, to: &kernels, parameters: pair.parameters)
                current = pair.kernel.output
                index += pair.layers - 1
                continue
            }
            if view.needsPlainInput && (!current.isPlain || current.dims.count != 2) {
                let (plain, adapter) = try ReorderKernel.plain(current, context: context, memory: memory)
                if let adapter { append(adapter, to: &kernels, parameters: []) }
                current = try flat(plain)
            }
            // A sequence that ends the one ending in a residual addition ends in it too.
            if index == ordered.count, layer.op is SequenceOp, pendingAddition?.depth == depth {
                pendingAddition?.depth += 1
            }
            let known = trainable.count
            inputFreeInBackward = overwritable && kernels.last.map(leavesOutputUnreadInBackward) == true
            guard let kernel = try view.kernel(for: layer, input: current, overwritable: overwritable, compiler: &self)
            else {
                continue
            }
            append(kernel, to: &kernels, parameters: Array(trainable[known...]))
            current = kernel.output
        }
        return (kernels, current)
    }

    /// In a training plan, inside a block, an activation whose result the layer after it (a linear layer or a
    /// convolution) alone reads, compiled with that layer so that backward computes the result again instead of keeping
    /// it (see `RecomputedActivationKernel`), the trainable parameters they hold and the number of layers compiled (the
    /// activation alone where its result cannot be transient); nil where that does not apply (the activation runs in
    /// place, or the next layer is of another kind), compiling nothing.
    private mutating func recomputedActivation(
        _ activation: any RecomputableActivation, then next: Layer, input: Value, overwritable: Bool
    ) throws -> (kernel: Kernel, parameters: [Parameter], layers: Int)? {
        guard !evaluationOnly, depth > 1, next.op is PointwiseLinearOp || next.op is Conv2dOp,
            let consumerView = next.op as? any KernelLayer,
            !(activation is ReLUOp && overwritable)
        else { return nil }
        let (activationKernel, transient) = try activation.activationKernel(
            input: input, transient: true, compiler: self)
        guard transient else { return (activationKernel, [], 1) }
        memory.layer = next.name
        let known = trainable.count
        inputFreeInBackward = false
        guard
            let consumer = try consumerView.kernel(
                for: next, input: activationKernel.output, overwritable: true, compiler: &self)
        else { return (activationKernel, [], 1) }
        let parameters = Array(trainable[known...])
        return (
            RecomputedActivationKernel(
                activation: activationKernel, consumer: consumer, consumerTrains: !parameters.isEmpty),
            parameters, 2
        )
    }

    /// `layers` with every ReLU that a max-pooling layer directly follows moved after it. The two commute exactly:
    /// max(relu(x)) = relu(max(x)), and the gradient reaches the same input element (the window's first maximum when it
    /// is positive, none otherwise); the ReLU then runs on the pooled map, a quarter of the size for 2x2 pooling.
    static func poolingBeforeReLU(_ layers: [Layer]) -> [Layer] {
        var ordered = layers
        for index in ordered.indices.dropLast() {
            guard ordered[index].op is ReLUOp, ordered[index + 1].op is MaxPool2dOp else { continue }
            ordered.swapAt(index, index + 1)
        }
        return ordered
    }

    /// Adds `kernel` (holding trainable `parameters`) to a sequence of kernels; what it read is dead now unless kept alive for a later kernel.
    private mutating func append(_ kernel: Kernel, to kernels: inout [Kernel], parameters: [Parameter]) {
        kernels.append(kernel)
        if depth == 1 { parametersByKernel.append(parameters) }
        memory.retire(keeping: kernel.output)
    }

    /// A plain value seen as N×features (flatten is a view of the same storage).
    private func flat(_ value: Value) throws -> Value {
        let dims = [batchSize, value.count / batchSize]
        return Value(dims: dims, layout: try plainDescriptor(dims), buffer: value.buffer, grad: value.grad)
    }

    /// The batch's dimensions of `layer`'s output.
    func dims(_ layer: Layer) throws -> [Int] {
        guard let shape = outputs[layer.name] else { throw EngineError.noInferredShape(layer: layer.name) }
        return [batchSize] + shape.dims
    }

    /// The layer's parameter `suffix` (nil for the tensor named as the layer is), marked trainable when the layer
    /// trains.
    mutating func parameter(_ layer: Layer, _ suffix: String?) throws -> Parameter {
        let name = suffix.map { "\(layer.name).\($0)" } ?? layer.name
        guard let parameter = store[name] else { throw EngineError.missingTensor(name) }
        if trains(layer) && !parameter.isBuffer {
            try parameter.allocateGradient()
            parameter.trainable = true
            parameter.lrMultiplier = lrMultipliers[layer.name] ?? 1
            trainable.append(parameter)
        }
        return parameter
    }

    /// True when `layer`'s parameters train.
    func trains(_ layer: Layer) -> Bool { !frozen.contains(layer.name) }
}

/// A residual block's addition of the shortcut's result `target`, followed by `activation` where given, that the
/// convolution ending the block's body (compiled at `depth`) may do in place.
struct ResidualAddition {
    let target: Value
    let activation: EltwiseFunction?
    var depth: Int
}
