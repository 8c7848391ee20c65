import Foundation
import TLConfig
import TLData
import TLEngine
import TLGraph
import TLIO
import TLTransforms

/// Classifies images with an exported model (rebuilding its network from the pipeline stored in the model file)
/// or with a pipeline's source network as it is; preprocesses images exactly as the run's evaluation did.
public final class Predictor {
    /// One image's most probable classes.
    public struct Prediction: Sendable {
        public var file: String
        /// Class names with their softmax probabilities, most probable first.
        public var top: [(className: String, probability: Double)]
    }

    /// The class names, in output order.
    public let classNames: [String]
    private let graph: TransferGraph
    private let store: ParameterStore
    private let preprocessing: Preprocessing
    /// How many pixels an image may have (the pipeline's `dataset.max_image_pixels`).
    private let budget: PixelBudget

    /// Opens a `model.safetensors`, or the run folder holding one.
    public init(modelOrRun path: String) throws {
        let loaded = try LoadedModel(modelOrRun: path)
        graph = loaded.graph
        classNames = loaded.model.classNames
        store = loaded.store
        budget = PixelBudget(loaded.validation.pipeline.dataset)
        var preprocessing = Preprocessing(
            spec: loaded.validation.pipeline.dataset, outputChannels: loaded.model.input.first)
        preprocessing.normalization = loaded.model.normalization
        self.preprocessing = preprocessing
    }

    /// The whole source network of a valid pipeline with its source weights, as it is: before any `slice`, `head` or
    /// `case` (whose new classifier is untrained), so its outputs are the source's classes, named by their index.
    public init(pipeline validation: ValidationResult) throws {
        guard validation.isValid, let (layers, input) = validation.sourceNetwork else {
            throw RunError.pipelineInvalid(validation)
        }
        let pipeline = validation.pipeline
        let graph = TransferGraph.whole(layers, input: input, classes: pipeline.source.classes).0
        self.graph = graph
        budget = PixelBudget(pipeline.dataset)
        store = try ParameterStore(layers: graph.layers, seed: UInt64(pipeline.seed))
        switch pipeline.source.weights {
        case .random: break
        case .file(let path): _ = try SourceWeights.load(pipeline.source, path: path, into: store, graph: graph)
        case .pipeline(let path):
            throw RunError.predictionNeedsRun(pipeline: validation.config.file, sourcePipeline: path)
        }
        classNames = (0..<(graph.output?.dims.last ?? 0)).map(String.init)
        preprocessing = Preprocessing(spec: pipeline.dataset, outputChannels: graph.input.dims.first)
    }

    /// The logits of `count` inputs already preprocessed (N×C×H×W values).
    public func logits(_ inputs: [Float], count: Int) throws -> [Float] {
        let everything = Set(graph.layers.flatMap(\.flattened).map(\.name))
        let plan = try CompiledNetwork(
            layers: graph.layers, input: graph.input, batchSize: count, store: store, frozen: everything,
            batchNormModes: graph.batchNormModes)
        plan.input.buffer.copy(from: inputs)
        plan.forward(training: false)
        return plan.output.values
    }

    /// The `k` most probable classes of each image file.
    public func predict(files: [String], top k: Int) throws -> [Prediction] {
        var inputs: [Float] = []
        for file in files {
            var random = SeededGenerator(seed: 0)
            let (shape, values) = preprocessing.apply(
                try ImageDecoder.decodeFile(file, budget: budget), training: false, random: &random)
            guard shape == graph.input.dims else {
                throw DataError.imageDoesNotFitModel(path: file, shape: shape, input: graph.input.dims)
            }
            inputs += values
        }
        let logits = try self.logits(inputs, count: files.count)
        let classes = classNames.count
        return files.enumerated().map { index, file in
            let row = logits[(index * classes)..<((index + 1) * classes)]
            let largest = row.max() ?? 0
            let exponentials = row.map { Foundation.exp(Double($0 - largest)) }
            let total = exponentials.reduce(0, +)
            let ranked = exponentials.enumerated().sorted { $0.element > $1.element }.prefix(k)
            return Prediction(file: file, top: ranked.map { (classNames[$0.offset], $0.element / total) })
        }
    }
}
