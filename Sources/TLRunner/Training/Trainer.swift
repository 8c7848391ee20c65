import Dispatch
import TLConfig
import TLData
import TLEngine
import TLGraph

/// Trains a validated pipeline's network on its data: source weights, the compiled plans (one per batch size,
/// sharing one parameter store), the data or the feature cache, optimizer and schedule, per-epoch validation,
/// early stopping, best-model selection and the test.
public final class Trainer {
    public let pipeline: Pipeline
    public let graph: TransferGraph
    /// Every tensor of the network.
    public let store: ParameterStore
    /// The data set's splits and class names.
    public let index: DatasetIndex
    /// What turns images into the network's input (normalisation included).
    public private(set) var preprocessing: Preprocessing
    /// What loading the source weights did (nil for random weights).
    public private(set) var loadReport: LoadReport?
    /// The frozen features the head trains on, when the run uses the feature cache.
    public private(set) var featureCache: FeatureCache?
    /// Why the feature cache is not used (nil when it is).
    public private(set) var featureCacheObstacle: String?
    /// How many kept layers the feature cache replaces, when it applies.
    private let cachedLayerCount: Int?
    /// The optimizer of the current freeze stage (nil before training starts).
    public private(set) var optimizer: Optimizer?
    /// The weights `train.best_metric` chose so far (nil while `last` is kept, or before any epoch).
    public var bestWeights: [String: [Float]]?
    private var trainingPlans: [Int: CompiledNetwork] = [:]
    private var evaluationPlans: [Int: CompiledNetwork] = [:]

    /// Prepares training for a valid pipeline: reads the data index and the source weights (`sourceWeights` is the
    /// file a `weights: {pipeline: ...}` source produced; `loadsSourceWeights: false` skips them, for a run resumed
    /// from a checkpoint that holds every tensor); `allowFeatureCache: false` always runs the whole network.
    public init(_ validation: ValidationResult, sourceWeights: String? = nil, loadsSourceWeights: Bool = true,
                allowFeatureCache: Bool = true) throws {
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
        if preprocessing.wantsComputedNormalization {
            try preprocessing.computeNormalization(from: index.train, seed: pipeline.seed)
        }
        switch loadsSourceWeights ? pipeline.source.weights : .random {
        case .random:
            loadReport = nil
        case .file(let path):
            loadReport = try SourceWeights.load(pipeline.source, path: path, into: store, graph: graph)
        case .pipeline(let path):
            guard let sourceWeights else {
                throw EngineError("the source weights come from the pipeline '\(path)'; run this pipeline with 'tlrun run', "
                                  + "which trains that one first")
            }
            loadReport = try SourceWeights.load(pipeline.source, path: sourceWeights, into: store, graph: graph)
        }
        let images = index.splits.reduce(0) { $0 + $1.samples.count }
        switch allowFeatureCache ? FeatureCache.cachedLayerCount(graph: graph, pipeline: pipeline, preprocessing: preprocessing, images: images)
                                 : .failure(FeatureCache.CacheOff("--no-feature-cache was given")) {
        case .success(let count):
            cachedLayerCount = count
            featureCacheObstacle = nil
        case .failure(let off):
            cachedLayerCount = nil
            featureCacheObstacle = off.reason
        }
    }

    /// The class names, in label order.
    public var classNames: [String] { index.classNames }

    /// Computes the frozen features of every split when the run can train on them; returns `featureCacheSummary`.
    @discardableResult
    public func prepareFeatureCache() throws -> String {
        if let cachedLayerCount, featureCache == nil {
            featureCache = try FeatureCache.compute(layers: cachedLayerCount, graph: graph, store: store, index: index,
                                                    preprocessing: preprocessing, batchSize: pipeline.train.batchSize, seed: pipeline.seed)
            trainingPlans = [:]
            evaluationPlans = [:]
        }
        return featureCacheSummary
    }

    /// One line on the feature cache: where it cuts and what runs every batch, or why it is off.
    public var featureCacheSummary: String {
        guard let cache = featureCache else {
            return cachedLayerCount == nil ? "off: " + (featureCacheObstacle ?? "") : "on once prepared"
        }
        let perBatch = planned.layers.map(\.name)
        return "on: \(cache.shape) features after \(cache.cutAfter) computed once (\(String(format: "%.1f", Double(cache.bytes) / 1e6)) MB); "
            + "every batch runs \(perBatch.count <= 4 ? perBatch.joined(separator: ", ") : perBatch.prefix(3).joined(separator: ", ") + " … " + perBatch.last!)"
    }

    /// The layers the plans run and their input: what follows the cached features, or the whole network on images.
    private var planned: (layers: [Layer], input: TensorShape) {
        if let featureCache { return (Array(graph.kept.dropFirst(featureCache.cachedLayers)) + graph.head, featureCache.shape) }
        return (graph.layers, graph.input)
    }

    private func frozen(epoch: Int) -> Set<String> {
        graph.frozen.subtracting(graph.unfreezeSteps.filter { $0.epoch <= epoch }.flatMap(\.layers))
    }

    private func trainingPlan(batch: Int, frozen: Set<String>) throws -> CompiledNetwork {
        if let plan = trainingPlans[batch] { return plan }
        let plan = try CompiledNetwork(layers: planned.layers, input: planned.input, batchSize: batch, store: store, frozen: frozen,
                                       batchNormModes: graph.batchNormModes, lrMultipliers: graph.lrMultipliers,
                                       labelSmoothing: pipeline.train.labelSmoothing, seed: UInt64(pipeline.seed))
        trainingPlans[batch] = plan
        return plan
    }

    /// The inference plan for `batch` images (every layer frozen, running statistics).
    func evaluationPlan(batch: Int) throws -> CompiledNetwork {
        if let plan = evaluationPlans[batch] { return plan }
        let everything = Set(planned.layers.flatMap(\.flattened).map(\.name))
        let plan = try CompiledNetwork(layers: planned.layers, input: planned.input, batchSize: batch, store: store, frozen: everything,
                                       batchNormModes: graph.batchNormModes, seed: UInt64(pipeline.seed))
        evaluationPlans[batch] = plan
        return plan
    }

    /// The batches of `split` in evaluation order (features when cached).
    private func evaluationStream(_ split: DatasetSplit) throws -> BatchStream {
        if let features = featureCache?.split(named: split.name) {
            return CachedFeatureStream(features: features, batchSize: pipeline.train.batchSize) { _ in Array(0..<features.count) }
        }
        return try BatchLoader(split: split, preprocessing: preprocessing, batchSize: pipeline.train.batchSize, training: false,
                               seed: pipeline.seed)
    }

    /// The training batches, shuffled per epoch exactly as the image loader shuffles them.
    private func trainingStream() throws -> BatchStream {
        let loader = try BatchLoader(split: index.train, preprocessing: preprocessing, batchSize: pipeline.train.batchSize,
                                     training: true, seed: pipeline.seed)
        guard let features = featureCache?.train else { return loader }
        return CachedFeatureStream(features: features, batchSize: pipeline.train.batchSize, order: loader.order)
    }

    /// Loss, accuracy and confusion matrix of the current weights over `split` (evaluation mode).
    public func evaluate(_ split: DatasetSplit) throws -> SplitEvaluation {
        let stream = try evaluationStream(split)
        stream.start(epoch: 0, firstBatch: 0)
        let classes = index.classNames.count
        var loss = 0.0, correct = 0, images = 0
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        while let batch = try stream.nextBatch() {
            let plan = try evaluationPlan(batch: batch.count)
            feed(batch, into: plan)
            plan.forward(training: false)
            loss += plan.loss() * Double(batch.count)
            correct += plan.correct()
            images += batch.count
            let outputs = plan.output.dims[1], logits = plan.output.buffer.pointer
            for (row, label) in batch.labels.enumerated() where Int(label) < classes {
                var predicted = 0
                for c in 1..<outputs where logits[row * outputs + c] > logits[row * outputs + predicted] { predicted = c }
                if predicted < classes { confusion[Int(label)][predicted] += 1 }
            }
        }
        let metrics = SplitMetrics(loss: loss / Double(max(images, 1)), accuracy: Double(correct) / Double(max(images, 1)), images: images)
        return SplitEvaluation(metrics: metrics, confusion: confusion)
    }

    private func feed(_ batch: Batch, into plan: CompiledNetwork) {
        batch.images.withUnsafeBufferPointer { plan.input.buffer.pointer.update(from: $0.baseAddress!, count: batch.images.count) }
        for (i, label) in batch.labels.enumerated() { plan.labels[i] = label }
    }

    /// Trains from `state` (a fresh run, or a checkpoint's state with its `optimizerState`) to the last epoch or an
    /// early stop. `checkpoint` is called after every epoch, and between batches when `shouldStop` turns true
    /// (the returned state then has `partial` set and training stops there).
    public func train(from start: TrainingState = TrainingState(), optimizerState: [(name: String, values: [Float])] = [],
                      observer: TrainingObserver? = nil, shouldStop: () -> Bool = { false },
                      checkpoint: (TrainingState) throws -> Void = { _ in }) throws -> TrainingState {
        let settings = pipeline.train
        let schedule = LearningRateSchedule(pipeline.schedule, baseLR: pipeline.optimizer.lr, epochs: settings.epochs)
        let stream = try trainingStream()
        var state = start
        var savedOptimizerState = optimizerState
        var frozenNow: Set<String>?
        guard !state.stoppedEarly else { return state }
        for epoch in (state.epochsDone + 1)...max(settings.epochs, state.epochsDone + 1) where epoch <= settings.epochs {
            let frozen = frozen(epoch: epoch)
            if frozen != frozenNow {
                trainingPlans = [:]
                let carried = optimizer?.stateTensors() ?? savedOptimizerState
                savedOptimizerState = []
                let fresh = Optimizers.make(pipeline.optimizer, parameters: try trainingPlan(batch: settings.batchSize, frozen: frozen).trainableParameters)
                try fresh.loadState(carried.filter { entry in fresh.parameters.contains { entry.name.hasPrefix($0.name + ".") } })
                optimizer = fresh
                frozenNow = frozen
            }
            let resumed = state.partial?.epoch == epoch ? state.partial : nil
            var totals = resumed ?? TrainingState.PartialEpoch(epoch: epoch, batchesDone: 0, lossSum: 0, correct: 0, images: 0,
                                                                seconds: 0, dataWaitSeconds: 0)
            state.partial = nil
            let rate = schedule.rate(epoch: epoch - 1)
            let started = DispatchTime.now().uptimeNanoseconds
            let secondsBefore = totals.seconds
            func elapsed() -> Double { secondsBefore + Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
            observer?.epochStarted(epoch, of: settings.epochs, batches: stream.batchCount)
            stream.start(epoch: epoch - 1, firstBatch: totals.batchesDone)
            while true {
                if shouldStop() {
                    totals.seconds = elapsed()
                    state.partial = totals
                    try checkpoint(state)
                    return state
                }
                let waitStart = DispatchTime.now().uptimeNanoseconds
                guard let batch = try stream.nextBatch() else { break }
                totals.dataWaitSeconds += Double(DispatchTime.now().uptimeNanoseconds - waitStart) / 1e9
                let plan = try trainingPlan(batch: batch.count, frozen: frozen)
                feed(batch, into: plan)
                plan.reseedDropout(step: UInt64(epoch) << 32 | UInt64(totals.batchesDone))
                plan.forward(training: true)
                let value = plan.lossAndBackward()
                guard value.isFinite else {
                    throw EngineError("the loss became \(value) in epoch \(epoch), batch \(totals.batchesDone + 1); "
                                      + "lower the learning rate (optimizer.lr is \(pipeline.optimizer.lr))")
                }
                if let clip = settings.gradClip { GradientClipping.clip(plan.trainableParameters, maxNorm: clip) }
                optimizer?.step(learningRate: rate)
                totals.lossSum += value * Double(batch.count)
                totals.correct += plan.correct()
                totals.images += batch.count
                totals.batchesDone += 1
                let seconds = elapsed()
                observer?.batchFinished(BatchProgress(
                    epoch: epoch, epochs: settings.epochs, batch: totals.batchesDone, batches: stream.batchCount,
                    loss: totals.lossSum / Double(totals.images), accuracy: Double(totals.correct) / Double(totals.images),
                    imagesPerSecond: Double(totals.images) / max(seconds, 1e-9), elapsed: seconds))
            }
            let validation = try index.val.map(evaluate)?.metrics
            let metrics = EpochMetrics(epoch: epoch, learningRate: rate, trainLoss: totals.lossSum / Double(max(totals.images, 1)),
                                       trainAccuracy: Double(totals.correct) / Double(max(totals.images, 1)), validation: validation,
                                       seconds: elapsed(), dataWaitSeconds: totals.dataWaitSeconds)
            state.history.append(metrics)
            selectBest(after: metrics, state: &state)
            observer?.epochFinished(metrics, of: settings.epochs)
            try checkpoint(state)
            if state.stoppedEarly { break }
        }
        if bestWeights != nil, settings.bestMetric != "last" { try restoreBestWeights() }
        return state
    }

    /// Early-stopping and `best_metric` bookkeeping after an epoch's validation.
    private func selectBest(after metrics: EpochMetrics, state: inout TrainingState) {
        func watched(_ metric: String, _ validation: SplitMetrics) -> Double {
            metric == "val_accuracy" ? -validation.accuracy : validation.loss
        }
        guard let validation = metrics.validation else { return }
        let settings = pipeline.train
        if settings.bestMetric != "last" {
            let value = watched(settings.bestMetric, validation)
            if value < state.bestSelected ?? .infinity {
                state.bestSelected = value
                state.bestEpoch = metrics.epoch
                bestWeights = Dictionary(uniqueKeysWithValues: store.parameters.map { ($0.name, $0.value.array) })
            }
        }
        if let stopping = settings.earlyStopping {
            let value = watched(stopping.metric, validation)
            if value < (state.bestWatched ?? .infinity) - stopping.minDelta {
                state.bestWatched = value
                state.epochsSinceImprovement = 0
            } else {
                state.epochsSinceImprovement += 1
            }
            state.stoppedEarly = state.epochsSinceImprovement >= stopping.patience
        }
    }

    /// Puts the weights `best_metric` chose back into the network.
    public func restoreBestWeights() throws {
        for (name, values) in bestWeights ?? [:] { try store.set(name, values: values) }
    }

    /// Loss, accuracy and confusion matrix on the test split, when the data set has one.
    public func test() throws -> SplitEvaluation? { try index.test.map(evaluate) }
}
