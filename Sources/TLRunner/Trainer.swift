import Dispatch
import TLConfig
import TLData
import TLEngine
import TLGraph
import TLIO

/// Trains a validated pipeline's network on its data: source weights, the compiled plans (one per batch size,
/// sharing one parameter store), the data loaders, optimizer and schedule, per-epoch validation and the test.
public final class Trainer {
    public let pipeline: Pipeline
    public let graph: TransferGraph
    /// Every tensor of the network.
    public let store: ParameterStore
    /// What loading the source weights did (nil for random weights).
    public private(set) var loadReport: LoadReport?
    private let index: DatasetIndex
    private var preprocessing: Preprocessing
    private var trainingPlans: [Int: CompiledNetwork] = [:]
    private var evaluationPlans: [Int: CompiledNetwork] = [:]

    /// Prepares training for a valid pipeline: reads the data index and the source weights.
    public init(_ validation: ValidationResult) throws {
        guard validation.isValid, let graph = validation.graph else {
            throw EngineError("the pipeline is not valid; run 'tlrun validate \(validation.config.file)' for the problems")
        }
        pipeline = validation.pipeline
        self.graph = graph
        ComputeThreads.set(pipeline.train.threads)
        _ = try Device.resolve(pipeline.device)
        store = ParameterStore(layers: graph.layers, seed: UInt64(pipeline.seed))
        index = try DatasetIndex(spec: pipeline.dataset, seed: pipeline.seed)
        preprocessing = Preprocessing(spec: pipeline.dataset, outputChannels: graph.input.dims[0])
        if pipeline.dataset.transforms.contains(where: { $0.op == "normalize" && $0.node["preset"]?.string == "computed" }) {
            try preprocessing.computeNormalization(from: index.train, seed: pipeline.seed)
        }
        switch pipeline.source.weights {
        case .random:
            loadReport = nil
        case .file(let path):
            loadReport = try WeightLoader.load(try WeightsFile.read(path: path), from: path, into: store, graph: graph)
        case .pipeline(let path):
            throw EngineError("taking source weights from another pipeline ('\(path)') is not supported yet; "
                              + "train that pipeline and point 'source.weights' at its model file")
        }
    }

    /// The class names, in label order.
    public var classNames: [String] { index.classNames }

    private func frozen(epoch: Int) -> Set<String> {
        graph.frozen.subtracting(graph.unfreezeSteps.filter { $0.epoch <= epoch }.flatMap(\.layers))
    }

    private func trainingPlan(batch: Int, frozen: Set<String>) throws -> CompiledNetwork {
        if let plan = trainingPlans[batch] { return plan }
        let plan = try CompiledNetwork(layers: graph.layers, input: graph.input, batchSize: batch, store: store, frozen: frozen,
                                       batchNormModes: graph.batchNormModes, lrMultipliers: graph.lrMultipliers,
                                       labelSmoothing: pipeline.train.labelSmoothing, seed: UInt64(pipeline.seed))
        trainingPlans[batch] = plan
        return plan
    }

    private func evaluationPlan(batch: Int) throws -> CompiledNetwork {
        if let plan = evaluationPlans[batch] { return plan }
        let everything = Set(graph.layers.flatMap(\.flattened).map(\.name))
        let plan = try CompiledNetwork(layers: graph.layers, input: graph.input, batchSize: batch, store: store, frozen: everything,
                                       batchNormModes: graph.batchNormModes, seed: UInt64(pipeline.seed))
        evaluationPlans[batch] = plan
        return plan
    }

    /// Loss and accuracy of the current weights over `split` (evaluation mode).
    public func evaluate(_ split: DatasetSplit) throws -> SplitMetrics {
        let loader = try BatchLoader(split: split, preprocessing: preprocessing, batchSize: pipeline.train.batchSize, training: false,
                                     seed: pipeline.seed)
        loader.start(epoch: 0)
        var loss = 0.0, correct = 0, images = 0
        while let batch = try loader.nextBatch() {
            let plan = try evaluationPlan(batch: batch.count)
            feed(batch, into: plan)
            plan.forward(training: false)
            loss += plan.loss() * Double(batch.count)
            correct += plan.correct()
            images += batch.count
        }
        return SplitMetrics(loss: loss / Double(max(images, 1)), accuracy: Double(correct) / Double(max(images, 1)), images: images)
    }

    private func feed(_ batch: Batch, into plan: CompiledNetwork) {
        batch.images.withUnsafeBufferPointer { plan.input.buffer.pointer.update(from: $0.baseAddress!, count: batch.images.count) }
        for (i, label) in batch.labels.enumerated() { plan.labels[i] = label }
    }

    /// Trains for the pipeline's epochs (stopping early when it says so), calling `progress` after each epoch.
    public func train(progress: (EpochMetrics) -> Void = { _ in }) throws -> [EpochMetrics] {
        let settings = pipeline.train
        let schedule = LearningRateSchedule(pipeline.schedule, baseLR: pipeline.optimizer.lr, epochs: settings.epochs)
        let loader = try BatchLoader(split: index.train, preprocessing: preprocessing, batchSize: settings.batchSize, training: true,
                                     seed: pipeline.seed)
        var history: [EpochMetrics] = []
        var optimizer: Optimizer?
        var frozenNow: Set<String>?
        var best = Double.infinity, sinceBest = 0
        for epoch in 1...settings.epochs {
            let start = DispatchTime.now().uptimeNanoseconds
            let frozen = frozen(epoch: epoch)
            if frozen != frozenNow {
                trainingPlans = [:]
                let previous = optimizer?.stateTensors() ?? []
                optimizer = Optimizers.make(pipeline.optimizer, parameters: try trainingPlan(batch: settings.batchSize, frozen: frozen).trainableParameters)
                try optimizer?.loadState(previous.filter { entry in optimizer!.parameters.contains { entry.name.hasPrefix($0.name + ".") } })
                frozenNow = frozen
            }
            let rate = schedule.rate(epoch: epoch - 1)
            var loss = 0.0, correct = 0, images = 0, waited: UInt64 = 0
            loader.start(epoch: epoch - 1)
            while true {
                let waitStart = DispatchTime.now().uptimeNanoseconds
                guard let batch = try loader.nextBatch() else { break }
                waited += DispatchTime.now().uptimeNanoseconds - waitStart
                let plan = try trainingPlan(batch: batch.count, frozen: frozen)
                feed(batch, into: plan)
                plan.forward(training: true)
                let value = plan.lossAndBackward()
                guard value.isFinite else {
                    throw EngineError("the loss became \(value) in epoch \(epoch), batch \(images / settings.batchSize + 1); "
                                      + "lower the learning rate (optimizer.lr is \(pipeline.optimizer.lr))")
                }
                if let clip = settings.gradClip { GradientClipping.clip(plan.trainableParameters, maxNorm: clip) }
                optimizer?.step(learningRate: rate)
                loss += value * Double(batch.count)
                correct += plan.correct()
                images += batch.count
            }
            let validation = try index.val.map(evaluate)
            let metrics = EpochMetrics(epoch: epoch, learningRate: rate, trainLoss: loss / Double(max(images, 1)),
                                       trainAccuracy: Double(correct) / Double(max(images, 1)), validation: validation,
                                       seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
                                       dataWaitSeconds: Double(waited) / 1e9)
            history.append(metrics)
            progress(metrics)
            if let stopping = settings.earlyStopping, let validation {
                let watched = stopping.metric == "val_accuracy" ? -validation.accuracy : validation.loss
                if watched < best - stopping.minDelta { best = watched; sinceBest = 0 } else { sinceBest += 1 }
                if sinceBest >= stopping.patience { break }
            }
        }
        return history
    }

    /// Loss and accuracy on the test split, when the data set has one.
    public func test() throws -> SplitMetrics? { try index.test.map(evaluate) }
}
