import Foundation
import TLConfig
import TLData
import TLEngine
import TLGraph
import TLMeasures

/// One split's features at the cut: `count` rows of `width` floats (each row the NCHW-ordered output of the
/// frozen part for one image, in split order) and their labels, from the split's row `firstRow` on (a process of
/// data-parallel training holds only its share of the validation and test splits).
struct SplitFeatures {
    var values: [Float]
    var labels: [Int32]
    var width: Int
    var firstRow = 0

    var count: Int { labels.count }
}

/// The output of the network's frozen, deterministic beginning for every split, computed once so that only the
/// layers after it run while training.
public struct FeatureCache {
    /// Why a run does not use the feature cache.
    public struct CacheOff: Error, Equatable {
        public let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// How many of the kept layers (from the input) the cache replaces.
    public let cachedLayers: Int
    /// The last cached layer.
    public let cutAfter: String
    /// The shape of one image's cached features (the input of the layers that run every batch).
    public let shape: TensorShape
    let train: SplitFeatures
    let val: SplitFeatures?
    let test: SplitFeatures?

    /// Bytes the cached features take.
    public var bytes: Int { [train, val, test].compactMap { $0 }.reduce(0) { $0 + $1.values.count * 4 } }

    /// How many of `graph.kept`'s layers the cache can compute once: the longest run from the input in which every
    /// layer is frozen for the whole run and deterministic (no dropout, frozen BatchNorm), holding at least one
    /// frozen parameter; or why there is none. The layers after it (frozen or not, dropout included) run every batch.
    /// `images` is how many images all splits hold: features that would take more than a quarter of the machine's
    /// memory (at most 4 GB) are not cached.
    static func cachedLayerCount(graph: TransferGraph, pipeline: Pipeline, preprocessing: Preprocessing, images: Int)
        -> Result<Int, CacheOff>
    {
        if !pipeline.train.featureCache { return .failure(CacheOff("train.feature_cache is false")) }
        if preprocessing.isRandomInTraining { return .failure(CacheOff("the training images are augmented")) }
        let unfreezing = Set(graph.unfreezeSteps.flatMap(\.layers))
        func obstacle(_ layer: Layer) -> String? {
            if layer.op.isRandomInTraining { return "'\(layer.name)' is random in training" }
            if BatchNormMode.of(layer, in: graph.batchNormModes) == .train {
                return "'\(layer.name)' uses batch statistics"
            }
            if layer.ownParameters.isEmpty { return nil }
            if graph.trains(layer.name) { return "'\(layer.name)' trains" }
            return unfreezing.contains(layer.name) ? "'\(layer.name)' unfreezes during the run" : nil
        }
        var count = 0, frozenParameters = false, reason = "there is no head after the kept layers"
        for layer in graph.kept {
            if let blocked = layer.flattened.lazy.compactMap(obstacle).first {
                reason = blocked
                break
            }
            frozenParameters = frozenParameters || layer.flattened.contains { !$0.ownParameters.isEmpty }
            count += 1
        }
        guard frozenParameters, count > 0 else {
            return .failure(CacheOff("nothing frozen comes before the first layer that runs every batch: " + reason))
        }
        let cut = graph.kept[count - 1].name
        let bytes = images * (graph.inferred.last { $0.layer.name == cut }?.output.elementCount ?? 0) * 4
        let limit = min(4 << 30, Int(ProcessInfo.processInfo.physicalMemory / 4))
        guard bytes <= limit else {
            return .failure(
                CacheOff(
                    String(
                        format: "the features after %@ would take %.1f GB (the limit is %.1f GB)", cut,
                        Double(bytes) / 1e9, Double(limit) / 1e9)))
        }
        return .success(count)
    }

    /// Runs the first `layers` kept layers (frozen, inference mode) over every split of `index`. In data-parallel
    /// training `parallel` divides the work: each process computes its share of every split, keeps only that share of
    /// the validation and test splits (which it evaluates alone), and receives the other processes' shares of the
    /// training split (whose every image any process may draw in an epoch). Features holding NaN or infinite values are
    /// refused, naming the last cached layer, the split and the first image.
    static func compute(
        layers count: Int, graph: TransferGraph, store: ParameterStore, index: DatasetIndex,
        preprocessing: Preprocessing,
        batchSize: Int, seed: Int, parallel: DataParallel? = nil
    ) throws -> FeatureCache {
        let prefix = Array(graph.kept.prefix(count))
        guard let last = prefix.last, let cutShape = graph.inferred.last(where: { $0.layer.name == last.name })?.output
        else {
            throw EngineError.noInferredShape(
                layer: count > 0 ? graph.kept[count - 1].name : "the feature cache's input")
        }
        let flatten = Layer("feature_cache.flatten", FlattenOp())
        let everything = Set(prefix.flatMap(\.flattened).map(\.name))
        var plans: [Int: CompiledNetwork] = [:]
        func features(_ split: DatasetSplit, rows: Range<Int>) throws -> SplitFeatures {
            var out = SplitFeatures(values: [], labels: [], width: cutShape.elementCount, firstRow: rows.lowerBound)
            guard !rows.isEmpty else { return out }
            var part = split
            part.samples = Array(split.samples[rows])
            let loader = try BatchLoader(
                split: part, preprocessing: preprocessing, batchSize: batchSize, training: false, seed: seed)
            loader.start(epoch: 0)
            out.values.reserveCapacity(rows.count * out.width)
            while let batch = try loader.nextBatch() {
                if plans[batch.count] == nil {
                    plans[batch.count] = try CompiledNetwork(
                        layers: prefix + [flatten], input: graph.input, batchSize: batch.count,
                        store: store, frozen: everything, batchNormModes: graph.batchNormModes)
                }
                let plan = plans[batch.count]!
                plan.input.buffer.copy(from: batch.images)
                plan.forward(training: false)
                out.values.append(
                    contentsOf: UnsafeBufferPointer(start: plan.output.buffer.pointer, count: batch.count * out.width))
                out.labels.append(contentsOf: batch.labels)
            }
            return out
        }
        func share(_ split: DatasetSplit) throws -> SplitFeatures {
            let computed = try features(
                split, rows: parallel?.share(of: split.samples.count) ?? 0..<split.samples.count)
            if let bad = NonFiniteValues(
                FeatureMatrix(rows: computed.count, columns: computed.width, values: computed.values))
            {
                throw RunError.nonFiniteFeatures(
                    layer: last.name, split: split.name, counts: bad.counts, images: bad.rows.count,
                    firstImage: split.samples[computed.firstRow + bad.rows[0]].location)
            }
            return computed
        }
        var train = try share(index.train)
        if let parallel {
            train = parallel.gather(train, of: index.train.samples.count)
            train.labels = index.train.samples.map { Int32($0.label) }
        }
        return FeatureCache(
            cachedLayers: count, cutAfter: last.name, shape: cutShape, train: train,
            val: try index.val.map(share), test: try index.test.map(share))
    }

    /// The cached features of the split called `name`.
    func split(named name: String) -> SplitFeatures? {
        switch name {
        case "train": return train
        case "val": return val
        case "test": return test
        default: return nil
        }
    }
}
