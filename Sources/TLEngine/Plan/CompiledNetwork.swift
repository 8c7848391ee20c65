import TLFiles
import TLGraph

/// A network compiled for one batch size: every activation, gradient and workspace allocated once, kernels in
/// order, backward only where something upstream trains. Running a step allocates nothing.
public final class CompiledNetwork {
    public let batchSize: Int
    /// The input batch (N×C×H×W, plain layout); fill it before `forward`.
    public let input: Value
    /// The network's output (logits for a classifier).
    public let output: Value
    /// The parameters that train in this plan (the optimizer's parameters).
    public let trainableParameters: [Parameter]
    /// For each step of the backward pass (see `lossAndBackward(afterEachStep:)`), the trainable parameters whose
    /// gradients it completes; the steps are numbered in forward order and run in reverse.
    public let parametersByStep: [[Parameter]]
    /// The oneDNN implementation of every primitive the plan runs, in the order they were created.
    public let kernelChoices: [KernelChoice]
    /// Every tensor the plan reads or updates (kernels point into its buffers, so the plan keeps it alive).
    public let store: ParameterStore
    /// The kernels (they own the buffers their steps work on).
    let kernels: [Kernel]
    /// The kernels' forward and backward steps in the order they run.
    private let forwardSchedule: StepSchedule
    private let backwardSchedule: StepSchedule
    private let criterion: CrossEntropyLoss
    /// Dropout kernels, reseeded per training step.
    let dropouts: [DropoutKernel]
    /// The oneDNN scratch space every primitive of this plan shares (kept alive with the plan).
    private let memory: PlanMemory

    /// Compiles `graph` (kept layers + head, its freeze policy and BatchNorm modes) for `batchSize`.
    public convenience init(
        graph: TransferGraph, batchSize: Int, store: ParameterStore, labelSmoothing: Double = 0, seed: UInt64
    ) throws {
        try self.init(
            layers: graph.layers, input: graph.input, batchSize: batchSize, store: store, frozen: graph.frozen,
            batchNormModes: graph.batchNormModes, lrMultipliers: graph.lrMultipliers, labelSmoothing: labelSmoothing,
            seed: seed)
    }

    /// Compiles `layers` on `input` for `batchSize`; `frozen` layer names do not train; `inputGradient` also
    /// computes the gradient of the loss with respect to the input batch (saliency, gradient checks);
    /// `sharedBatchStatistics` synchronises BatchNorm's batch statistics with the other processes of data-parallel training.
    public init(
        layers: [Layer], input shape: TensorShape, batchSize: Int, store: ParameterStore, frozen: Set<String> = [],
        batchNormModes: [String: BatchNormMode] = [:], lrMultipliers: [String: Double] = [:],
        labelSmoothing: Double = 0, seed: UInt64 = 0, inputGradient: Bool = false,
        sharedBatchStatistics: SharedBatchStatistics? = nil
    ) throws {
        let inference = ShapeInference.run(layers, input: shape)
        guard inference.problems.isEmpty, inference.output != nil else {
            throw EngineError.networkDoesNotFit(input: shape.description, problems: inference.problems.map(\.message))
        }
        try store.add(inference.layers, seed: seed)
        let trains = inference.layers.flatMap(\.flattened).contains {
            !$0.ownParameters.isEmpty && !frozen.contains($0.name)
        }
        let blocks = inference.inferred.filter {
            $0.layer.op is ResidualOp || $0.layer.op is GateOp || $0.layer.op is ConcatOp
        }
        let values = ([shape] + inference.inferred.map(\.output)).map { Self.floats($0, batchSize: batchSize) }
        let allValues = CheckedSize.saturatingSum(values)
        // The arena's reservation is address space only, generous (three times every value, twice the largest
        // weights); an activation past it would get a buffer of its own.
        let planMemory = try PlanMemory(
            largestValue: values.max() ?? 0,
            largestBlockValue: blocks.flatMap { [$0.input, $0.output] }.map { Self.floats($0, batchSize: batchSize) }
                .max() ?? 0,
            reusesActivations: !trains && !inputGradient,
            arenaBytes: CheckedSize.saturatingProduct([
                4,
                CheckedSize.saturatingSum([
                    CheckedSize.saturatingProduct([3, allValues]),
                    CheckedSize.saturatingProduct([2, WeightsScratch.largestWeights(inference.layers)]),
                    64 * values.count,
                ]),
            ]),
            separateGradients: blocks.isEmpty
                && allValues <= CheckedSize.saturatingProduct([Self.separateGradientsShare, values.max() ?? 0]))
        var compiler = PlanCompiler(
            store: store, frozen: frozen, batchNormModes: batchNormModes, lrMultipliers: lrMultipliers,
            batchSize: batchSize,
            seed: seed, context: try DNNLContext.shared(), memory: planMemory,
            weightsScratch: try WeightsScratch(layers: inference.layers, memory: planMemory),
            outputs: Dictionary(inference.inferred.map { ($0.layer.name, $0.output) }, uniquingKeysWith: { a, _ in a }),
            sharedBatchStatistics: sharedBatchStatistics, evaluationOnly: !trains && !inputGradient)
        self.batchSize = batchSize
        self.store = store
        input = try Value(dims: [batchSize] + shape.dims, needsGrad: inputGradient, memory: nil)
        var (kernels, output) = try compiler.compile(inference.layers, input: input)
        planMemory.layer = "output"
        let (logits, adapter) = try ReorderKernel.plain(output, context: compiler.context, memory: compiler.memory)
        var parametersByStep = compiler.parametersByKernel
        if let adapter {
            kernels.append(adapter)
            parametersByStep.append([])
        }
        self.parametersByStep = parametersByStep
        output = logits
        memory = planMemory
        forwardSchedule = StepSchedule(kernels.flatMap { $0.forwardSteps() }, memory: planMemory)
        backwardSchedule = StepSchedule(
            kernels.indices.reversed().flatMap { kernels[$0].backwardSteps() + [PlanStep.finished($0)] },
            memory: planMemory)
        try memory.finish(context: compiler.context)
        self.kernels = kernels
        self.output = output
        guard output.dims.count == 2 else { throw EngineError.notLogits(outputDims: output.dims) }
        criterion = try CrossEntropyLoss(logits: output, labelSmoothing: labelSmoothing)
        trainableParameters = compiler.trainable
        dropouts = compiler.dropouts
        kernelChoices = planMemory.choices
    }

    /// How many times its largest value all values of a network without residual blocks may take together for every
    /// gradient to have a buffer of its own (a short sequence of layers: the two shared slots take twice the largest,
    /// and ReLUs computed in place share their input's gradient).
    private static let separateGradientsShare = 5

    /// Floats a batch of `shape` takes in any activation layout (channels padded to 16 when blocked).
    private static func floats(_ shape: TensorShape, batchSize: Int) -> Int {
        let dims = shape.dims
        let padded = dims.count == 3 ? [(dims[0] + 15) / 16 * 16, dims[1], dims[2]] : dims
        return CheckedSize.saturatingProduct([batchSize] + padded)
    }

    /// The labels of the current batch; fill them before `lossAndBackward`.
    public var labels: UnsafeMutablePointer<Int32> { criterion.labels }

    /// Restarts every dropout mask stream for training step `step`: a step's masks then depend only on the seed
    /// and the step, so a run resumed from a checkpoint draws exactly the masks an uninterrupted one would.
    /// `firstSample` is the position of this batch's first image in the global batch of a data-parallel step, so
    /// that each image draws the mask it would draw in one process.
    public func reseedDropout(step: UInt64, firstSample: Int = 0) {
        for dropout in dropouts { dropout.reseed(step: step, skippingSamples: firstSample) }
    }

    /// Runs every kernel forward (`training` turns on dropout and batch statistics).
    public func forward(training: Bool) {
        forwardSchedule.run(training: training)
    }

    /// The mean cross-entropy of the last forward against `labels`.
    public func loss() -> Double { criterion.forward() }

    /// Computes the loss of the last forward and the gradients of every trainable parameter; returns the loss.
    /// `afterEachStep` is called with each step's number as soon as it has run (its parameters' gradients are then
    /// final), so that work on them can start while the rest of the backward pass runs.
    @discardableResult
    public func lossAndBackward(afterEachStep: ((Int) -> Void)? = nil) -> Double {
        let value = criterion.forward()
        criterion.backward()
        backwardSchedule.run(training: true, finished: afterEachStep)
        return value
    }

    /// Correct top-`k` predictions of the last forward.
    public func correct(k: Int = 1) -> Int {
        Accuracy.correct(
            logits: output.buffer.pointer, labels: criterion.labels, batch: batchSize, classes: output.dims[1], k: k)
    }
}
