import TLConfig
import TLData
import TLEngine
import TLGraph

/// One split's features at the cut: `count` rows of `width` floats (each row the NCHW-ordered output of the
/// frozen part for one image, in split order) and their labels.
struct SplitFeatures {
    var values: [Float]
    var labels: [Int32]
    var width: Int

    var count: Int { labels.count }
}

/// The frozen part's output for every split, computed once so that only the head runs while training.
public struct FeatureCache {
    /// The shape of one image's features (the head's input).
    public let shape: TensorShape
    let train: SplitFeatures
    let val: SplitFeatures?
    let test: SplitFeatures?

    /// Bytes the cached features take.
    public var bytes: Int { [train, val, test].compactMap { $0 }.reduce(0) { $0 + $1.values.count * 4 } }

    /// Why the features before the head cannot be cached for `graph` and `pipeline`, or nil when they can:
    /// everything before the head frozen for the whole run, frozen BatchNorm, no random input transforms.
    static func obstacle(graph: TransferGraph, pipeline: Pipeline, preprocessing: Preprocessing) -> String? {
        if !pipeline.train.featureCache { return "train.feature_cache is false" }
        if graph.head.isEmpty || graph.kept.isEmpty { return "there is no frozen part before a head" }
        let keptLayers = graph.kept.flatMap(\.flattened)
        if let training = keptLayers.first(where: { !$0.ownParameters.isEmpty && graph.trains($0.name) }) {
            return "'\(training.name)' trains"
        }
        if !graph.unfreezeSteps.isEmpty { return "layers unfreeze during the run" }
        if let statistics = keptLayers.first(where: { graph.batchNormModes[$0.name] == .train }) {
            return "BatchNorm '\(statistics.name)' uses batch statistics (freeze.batchnorm: train)"
        }
        if preprocessing.isRandomInTraining { return "the training images are augmented" }
        return nil
    }

    /// Runs the frozen part (`graph.kept`, inference mode) over every split of `index`.
    static func compute(graph: TransferGraph, store: ParameterStore, index: DatasetIndex, preprocessing: Preprocessing,
                        batchSize: Int, seed: Int) throws -> FeatureCache {
        guard let cutShape = graph.inferred.last(where: { inferred in graph.kept.contains { $0.name == inferred.layer.name } })?.output else {
            throw EngineError("the cut point's output shape is unknown")
        }
        let flatten = Layer("feature_cache.flatten", .flatten)
        let everything = Set(graph.kept.flatMap(\.flattened).map(\.name))
        var plans: [Int: CompiledNetwork] = [:]
        func features(_ split: DatasetSplit) throws -> SplitFeatures {
            let loader = try BatchLoader(split: split, preprocessing: preprocessing, batchSize: batchSize, training: false, seed: seed)
            loader.start(epoch: 0)
            var out = SplitFeatures(values: [], labels: [], width: cutShape.elementCount)
            out.values.reserveCapacity(split.samples.count * out.width)
            while let batch = try loader.nextBatch() {
                if plans[batch.count] == nil {
                    plans[batch.count] = try CompiledNetwork(layers: graph.kept + [flatten], input: graph.input, batchSize: batch.count,
                                                             store: store, frozen: everything, batchNormModes: graph.batchNormModes)
                }
                let plan = plans[batch.count]!
                plan.input.buffer.copy(from: batch.images)
                plan.forward(training: false)
                out.values.append(contentsOf: UnsafeBufferPointer(start: plan.output.buffer.pointer, count: batch.count * out.width))
                out.labels.append(contentsOf: batch.labels)
            }
            return out
        }
        return FeatureCache(shape: cutShape, train: try features(index.train), val: try index.val.map(features),
                            test: try index.test.map(features))
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
