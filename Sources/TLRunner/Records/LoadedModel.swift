import Foundation
import TLData
import TLEngine
import TLGraph
import TLLayerCatalog

/// An exported model opened for use: its file, the network rebuilt from the pipeline stored in it, and its weights.
public struct LoadedModel {
    /// The `model.safetensors` read.
    public let file: String
    /// The model as stored.
    public let model: ExportedModel
    /// The stored pipeline, validated with a network of as many outputs as the model has classes.
    public let validation: ValidationResult
    /// That network.
    public let graph: TransferGraph
    /// The network's tensors with the model's values.
    public let store: ParameterStore

    /// The model file `path` names: the path itself, or the `model.safetensors` of the run folder it names.
    public static func modelFile(_ path: String) -> String {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            ? RunFileName.model.path(in: path) : path
    }

    /// Opens a `model.safetensors`, or the run folder holding one.
    public init(modelOrRun path: String) throws {
        file = Self.modelFile(path)
        if ["yaml", "yml"].contains((file as NSString).pathExtension.lowercased()) {
            throw RunError.notAModelFile(path: file, what: "a pipeline file (YAML)")
        }
        model = try ExportedModel.read(path: file)
        validation = try Self.network(of: model, file: file)
        graph = validation.graph!
        store = try ParameterStore(layers: graph.layers, seed: 0)
        let expected = Dictionary(
            graph.layers.flatMap(\.allParameters).map { ($0.name, $0.shape) }, uniquingKeysWith: { first, _ in first })
        for tensor in model.tensors {
            guard let shape = expected[tensor.name] else { continue }
            guard tensor.shape == shape || (shape.isEmpty && tensor.elementCount == 1) else {
                throw RunError.modelTensorShape(path: file, tensor: tensor.name, stored: tensor.shape, expected: shape)
            }
            try store.set(tensor.name, values: tensor.floatValues)
        }
    }

    /// The stored pipeline, validated, with a network of as many outputs as the model has classes (its source
    /// weights are not needed: the model's own replace them).
    private static func network(of model: ExportedModel, file: String) throws -> ValidationResult {
        let folder = NSTemporaryDirectory() + "tlrun-model-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pipelineFile = RunFileName.pipeline.path(in: folder)
        try RunFiles.write(model.pipelineJSON, to: .run(folder: folder, file: .pipeline))
        for classes in [[], ["dataset.classes=\(model.classNames.count)"]] {
            let result = PipelineValidator.standard.validate(
                file: pipelineFile, overrides: ["source.weights=random"] + classes, offline: true)
            if let graph = result.graph, result.isValid, graph.output?.dims.last == model.classNames.count {
                return result
            }
        }
        throw RunError.modelMismatch(path: file, classes: model.classNames.count)
    }
}
