import Foundation
import TLConfig
import TLData
import TLDistributed
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
    /// The source weights file loaded (nil for random weights or a run resumed from its checkpoint).
    private var sourceWeightsFile: String?
    /// The frozen features the head trains on, when the run uses the feature cache.
    public private(set) var featureCache: FeatureCache?
    /// How many kept layers the feature cache replaces, or why it is off.
    private let cachePlan: Result<Int, FeatureCache.CacheOff>
    /// The optimizer of the current freeze stage (nil before training starts).
    public internal(set) var optimizer: Optimizer?
    /// The weights `train.best_metric` chose so far (nil while `last` is kept, or before any epoch).
    public var bestWeights: [String: [Float]]?
    /// Training plans by batch size, all for the frozen set `trainingPlansFrozen`.
    private var trainingPlans: [Int: CompiledNetwork] = [:]
    private var trainingPlansFrozen: Set<String>?
    private var evaluationPlans: [Int: CompiledNetwork] = [:]
    /// The processes training this network together (`mpirun`), and this one's part (nil in one process).
    public let group: ProcessGroup
    var parallel: DataParallel?
    /// The gradient buckets of data-parallel training and the frozen set they were made for.
    var bucketsByFrozen: (frozen: Set<String>, buckets: GradientBuckets)?
    /// Synchronised BatchNorm's exchange of batch statistics (`train.sync_batchnorm` under several processes).
    let sharedBatchStatistics: SharedBatchStatistics?

    /// Prepares training for a valid pipeline: reads the data index (unless given as `index`) and the source weights
    /// (`sourceWeights` is the file a `weights: {pipeline: ...}` source produced; `loadsSourceWeights: false` skips
    /// them, for a run resumed from a checkpoint that holds every tensor); `allowFeatureCache: false` always runs the
    /// whole network; `allowNonFiniteWeights` loads source weights holding NaN or infinite values instead of refusing
    /// them (the load report lists them). With a `group` of several processes it trains data-parallel, each process on its share of every
    /// batch (the batch size must divide among them); its compute threads default to the cores over the processes
    /// on this machine.
    public init(
        _ validation: ValidationResult, index: DatasetIndex? = nil, sourceWeights: String? = nil,
        loadsSourceWeights: Bool = true,
        allowFeatureCache: Bool = true, allowNonFiniteWeights: Bool = false, group: ProcessGroup = .single
    ) throws {
        guard validation.isValid, let graph = validation.graph else {
            throw RunError.pipelineInvalid(validation)
        }
        pipeline = validation.pipeline
        self.graph = graph
        self.group = group
        if group.isDistributed {
            guard pipeline.train.batchSize % group.size == 0 else {
                throw RunError.batchNotDivisible(
                    batchSize: pipeline.train.batchSize, processes: group.size, pipelineFile: validation.config.file)
            }
            parallel = DataParallel(group: group)
        }
        sharedBatchStatistics =
            group.isDistributed && pipeline.train.syncBatchNorm
            ? SharedBatchStatistics(sum: { [group] in group.sum($0) }) : nil
        let sharing = group.isDistributed ? group.processesOnThisHost : 1
        ComputeThreads.set(
            pipeline.train.threads > 0 || sharing == 1
                ? pipeline.train.threads
                : max(1, ProcessInfo.processInfo.activeProcessorCount / sharing))
        _ = try Device.resolve(EngineSettings.device(pipeline.device))
        store = try ParameterStore(layers: graph.layers, seed: UInt64(pipeline.seed))
        self.index = try index ?? DatasetIndex(spec: pipeline.dataset, seed: pipeline.dataSeed)
        preprocessing = try Preprocessing.prepared(
            spec: pipeline.dataset, outputChannels: graph.input.dims[0], train: self.index.train,
            seed: pipeline.dataSeed)
        switch loadsSourceWeights ? pipeline.source.weights : .random {
        case .random:
            loadReport = nil
        case .file(let path):
            loadReport = try SourceWeights.load(
                pipeline.source, path: path, into: store, graph: graph, allowNonFinite: allowNonFiniteWeights)
            sourceWeightsFile = path
        case .pipeline(let path):
            guard let sourceWeights else {
                throw RunError.sourceNotTrained(pipeline: validation.config.file, sourcePipeline: path)
            }
            loadReport = try SourceWeights.load(
                pipeline.source, path: sourceWeights, into: store, graph: graph,
                allowNonFinite: allowNonFiniteWeights)
            sourceWeightsFile = sourceWeights
        }
        let images = self.index.splits.reduce(0) { $0 + $1.samples.count }
        cachePlan =
            allowFeatureCache
            ? FeatureCache.cachedLayerCount(
                graph: graph, pipeline: pipeline, preprocessing: preprocessing, images: images)
            : .failure(FeatureCache.CacheOff(OptionNote.featureCacheOff))
    }

    /// The class names, in label order.
    public var classNames: [String] { index.classNames }

    /// Computes the frozen features of every split when the run can train on them (or takes them from `shared`, where
    /// an earlier run with the same frozen prefix, weights and data left them); returns `featureCacheSummary`.
    @discardableResult
    public func prepareFeatureCache(shared: SharedFeatureCaches? = nil) throws -> String {
        if case .success(let cachedLayerCount) = cachePlan, featureCache == nil {
            let compute = { [self] in
                try FeatureCache.compute(
                    layers: cachedLayerCount, graph: graph, store: store, index: index,
                    preprocessing: preprocessing, batchSize: pipeline.train.batchSize, seed: pipeline.seed,
                    parallel: parallel)
            }
            let weights = sourceWeightsFile ?? "random weights, seed \(pipeline.seed)"
            featureCache =
                try shared.map { caches in
                    try caches.cache(
                        key: SharedFeatureCaches.key(
                            layers: Array(graph.kept.prefix(cachedLayerCount)), graph: graph, weights: weights,
                            index: index, preprocessing: preprocessing, batchSize: pipeline.train.batchSize),
                        compute: compute)
                } ?? compute()
            trainingPlans = [:]
            evaluationPlans = [:]
            bucketsByFrozen = nil
        }
        return featureCacheSummary
    }

    /// One line on the feature cache: where it cuts and what runs every batch, or why it is off.
    public var featureCacheSummary: String {
        guard let cache = featureCache else {
            if case .failure(let off) = cachePlan { return "off: " + off.reason }
            return "on once prepared"
        }
        let perBatch = planned.layers.map(\.name)
        return
            "on: \(cache.shape) features after \(cache.cutAfter) computed once (\(String(format: "%.1f", Double(cache.bytes) / 1e6)) MB); "
            + "every batch runs \(perBatch.count <= 4 ? perBatch.joined(separator: ", ") : perBatch.prefix(3).joined(separator: ", ") + " … " + perBatch.last!)"
    }

    /// The layers the plans run and their input: what follows the cached features, or the whole network on images.
    private var planned: (layers: [Layer], input: TensorShape) {
        if let featureCache {
            return (Array(graph.kept.dropFirst(featureCache.cachedLayers)) + graph.head, featureCache.shape)
        }
        return (graph.layers, graph.input)
    }

    /// The layers frozen in `epoch` (1-based), after the unfreezing steps due by then.
    func frozen(epoch: Int) -> Set<String> {
        graph.frozen.subtracting(graph.unfreezeSteps.filter { $0.epoch <= epoch }.flatMap(\.layers))
    }

    /// The training plan for `batch` images with `frozen` layers (compiled once per batch size and freeze stage).
    func trainingPlan(batch: Int, frozen: Set<String>) throws -> CompiledNetwork {
        if frozen != trainingPlansFrozen {
            trainingPlans = [:]
            trainingPlansFrozen = frozen
        }
        if let plan = trainingPlans[batch] { return plan }
        let plan = try CompiledNetwork(
            layers: planned.layers, input: planned.input, batchSize: batch, store: store, frozen: frozen,
            batchNormModes: graph.batchNormModes, lrMultipliers: graph.lrMultipliers,
            labelSmoothing: pipeline.train.labelSmoothing, seed: UInt64(pipeline.seed),
            sharedBatchStatistics: sharedBatchStatistics)
        trainingPlans[batch] = plan
        return plan
    }

    /// Warnings for the reference (slow) oneDNN implementations that training from `state` and evaluation would run
    /// (compiling those plans now; training and evaluation then use them).
    public func referenceKernelWarnings(from state: TrainingState) throws -> [String] {
        let epoch = min(state.epochsDone + 1, max(pipeline.train.epochs, 1))
        let choices =
            try trainingPlan(batch: localBatchSize, frozen: frozen(epoch: epoch)).kernelChoices
            + (try evaluationPlan(batch: pipeline.train.batchSize).kernelChoices)
        return KernelReport.references(choices).map(KernelReport.warning)
    }

    /// The inference plan for `batch` images (every layer frozen, running statistics).
    func evaluationPlan(batch: Int) throws -> CompiledNetwork {
        if let plan = evaluationPlans[batch] { return plan }
        let everything = Set(planned.layers.flatMap(\.flattened).map(\.name))
        let plan = try CompiledNetwork(
            layers: planned.layers, input: planned.input, batchSize: batch, store: store, frozen: everything,
            batchNormModes: graph.batchNormModes, seed: UInt64(pipeline.seed))
        evaluationPlans[batch] = plan
        return plan
    }

    /// The images each process trains on per step: the batch size over the processes.
    var localBatchSize: Int { pipeline.train.batchSize / group.size }

    /// The batches of this process's share of `split` (all of it in one process) in evaluation order (features when
    /// cached); nil when the share is empty.
    private func evaluationStream(_ split: DatasetSplit) throws -> BatchStream? {
        let share = parallel?.share(of: split.samples.count) ?? 0..<split.samples.count
        guard !share.isEmpty else { return nil }
        if let features = featureCache?.split(named: split.name) {
            return CachedFeatureStream(features: features, batchSize: pipeline.train.batchSize, count: share.count) {
                _ in
                share.map { $0 - features.firstRow }
            }
        }
        var part = split
        part.samples = Array(split.samples[share])
        return try BatchLoader(
            split: part, preprocessing: preprocessing, batchSize: pipeline.train.batchSize, training: false,
            seed: pipeline.seed)
    }

    /// The training batches, shuffled per epoch exactly as the image loader shuffles them; in data-parallel training
    /// this process's share of each.
    func trainingStream() throws -> BatchStream {
        let batchSize = pipeline.train.batchSize
        let reorder: (@Sendable ([Int]) -> [Int])? = parallel.map { parallel in
            { @Sendable order in parallel.localOrder(order, batchSize: batchSize) }
        }
        let loader = try BatchLoader(
            split: index.train, preprocessing: preprocessing, batchSize: localBatchSize,
            training: true, seed: pipeline.seed, reorder: reorder)
        var stream: BatchStream = loader
        if let features = featureCache?.train {
            stream = CachedFeatureStream(
                features: features, batchSize: localBatchSize, count: loader.servedCount, order: loader.order)
        }
        guard parallel != nil else { return stream }
        return ShardedStream(inner: stream, batchCount: (index.train.samples.count + batchSize - 1) / batchSize)
    }

    /// Loss, accuracy and confusion matrix of the current weights over `split` (evaluation mode).
    public func evaluate(_ split: DatasetSplit) throws -> SplitEvaluation {
        parallel?.broadcastBuffers(store)
        let stream = try evaluationStream(split)
        stream?.start(epoch: 0, firstBatch: 0)
        let classes = index.classNames.count
        var loss = 0.0, correct = 0, images = 0
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        while let batch = try stream?.nextBatch() {
            let plan = try evaluationPlan(batch: batch.count)
            feed(batch, into: plan)
            plan.forward(training: false)
            loss += plan.loss() * Double(batch.count)
            correct += plan.correct()
            images += batch.count
            let outputs = plan.output.dims[1], logits = plan.output.buffer.pointer
            for (row, label) in batch.labels.enumerated() where Int(label) < classes {
                var predicted = 0
                for c in 1..<outputs where logits[row * outputs + c] > logits[row * outputs + predicted] {
                    predicted = c
                }
                if predicted < classes { confusion[Int(label)][predicted] += 1 }
            }
        }
        if parallel != nil {
            let sums = group.sum([loss, Double(correct), Double(images)] + confusion.joined().map(Double.init))
            (loss, correct, images) = (sums[0], Int(sums[1]), Int(sums[2]))
            confusion = (0..<classes).map { row in (0..<classes).map { Int(sums[3 + row * classes + $0]) } }
        }
        let metrics = SplitMetrics(
            loss: loss / Double(max(images, 1)), accuracy: Double(correct) / Double(max(images, 1)), images: images)
        return SplitEvaluation(metrics: metrics, confusion: confusion)
    }

    /// Copies a batch's inputs and labels into `plan`.
    func feed(_ batch: Batch, into plan: CompiledNetwork) {
        batch.images.withUnsafeBufferPointer {
            plan.input.buffer.pointer.update(from: $0.baseAddress!, count: batch.images.count)
        }
        for (i, label) in batch.labels.enumerated() { plan.labels[i] = label }
    }

    /// Loss, accuracy and confusion matrix on the test split, when the data set has one.
    public func test() throws -> SplitEvaluation? { try index.test.map(evaluate) }
}
