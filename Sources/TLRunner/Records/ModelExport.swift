import Foundation
import TLData
import TLEngine
import TLIO

/// `model.safetensors`: the trained network under torchvision's tensor names (so PyTorch's `load_state_dict`
/// takes it for zoo architectures), with what is needed to use it: the resolved pipeline, class names, input
/// shape and normalisation, as metadata.
public struct ExportedModel {
    /// The resolved pipeline the model was trained by (JSON).
    public var pipelineJSON: String
    public var classNames: [String]
    /// `[channels, height, width]`.
    public var input: [Int]
    public var normalization: Normalization?
    /// The run that trained it.
    public var runId: String
    public var tensors: [StoredTensor]

    private static let format = "tlrun-model-1"

    /// The model of `trainer`'s current weights.
    public init(trainer: Trainer, runId: String) {
        pipelineJSON = trainer.pipeline.config.json(pretty: false)
        classNames = trainer.classNames
        input = trainer.graph.input.dims
        normalization = trainer.preprocessing.normalization
        self.runId = runId
        tensors = trainer.store.parameters.map { parameter in
            StoredTensor(
                name: parameter.name, shape: parameter.shape,
                values: parameter.isInteger
                    ? .int64(parameter.value.array.map { Int64($0) }) : .float32(parameter.value.array))
        }
    }

    /// Writes the model to `output` atomically.
    public func write(to output: OutputPath) throws {
        func json(_ value: some Encodable) throws -> String {
            String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        }
        var metadata = [
            "format": Self.format, "pipeline": pipelineJSON, "pipeline_sha256": Digest.hex(pipelineJSON),
            "class_names": try json(classNames), "input": try json(input), "run": runId, "tlrun": TLRunVersion.text,
        ]
        if let normalization {
            metadata["normalization"] = try json(["mean": normalization.mean, "std": normalization.std])
        }
        try RunFiles.write(try Safetensors.encode(tensors, metadata: metadata), to: output)
    }

    /// Reads a model written by `write`.
    public static func read(path: String) throws -> ExportedModel {
        let file = try Safetensors.read(path: path)
        let metadata = file.metadata
        func decode<Value: Decodable>(_ key: String, as type: Value.Type) -> Value? {
            metadata[key].flatMap { try? JSONDecoder().decode(Value.self, from: Data($0.utf8)) }
        }
        guard metadata["format"] == format, let pipeline = metadata["pipeline"],
            let classNames = decode("class_names", as: [String].self),
            let input = decode("input", as: [Int].self)
        else {
            throw RunError.notAModel(path: path)
        }
        let normalization = decode("normalization", as: [String: [Float]].self).flatMap { values -> Normalization? in
            guard let mean = values["mean"], let std = values["std"] else { return nil }
            return Normalization(mean: mean, std: std)
        }
        return ExportedModel(
            pipelineJSON: pipeline, classNames: classNames, input: input, normalization: normalization,
            runId: metadata["run"] ?? "", tensors: file.tensors)
    }

    private init(
        pipelineJSON: String, classNames: [String], input: [Int], normalization: Normalization?, runId: String,
        tensors: [StoredTensor]
    ) {
        self.pipelineJSON = pipelineJSON
        self.classNames = classNames
        self.input = input
        self.normalization = normalization
        self.runId = runId
        self.tensors = tensors
    }
}
