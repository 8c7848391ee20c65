import Foundation
import TLGraph
import TLIO
import TLONNX

/// Writes an exported model as ONNX, with its class names, input shape and normalisation as metadata.
public enum ONNXModelWriter {
    /// The ONNX bytes of `loaded`; with `withPreprocessing` the normalisation is part of the graph (the model
    /// then takes pixels in [0, 1]).
    public static func data(_ loaded: LoadedModel, options: ONNXExport.Options, withPreprocessing: Bool) throws -> Data
    {
        try data(
            loaded.model, graph: loaded.graph, pipelineName: loaded.validation.pipeline.name, options: options,
            withPreprocessing: withPreprocessing)
    }

    /// The ONNX bytes of `model`, whose network is `graph`.
    static func data(
        _ model: ExportedModel, graph: TransferGraph, pipelineName: String, options: ONNXExport.Options,
        withPreprocessing: Bool
    ) throws -> Data {
        var options = options
        let normalization = model.normalization
        if withPreprocessing, let normalization { options.normalization = (normalization.mean, normalization.std) }
        func json(_ value: some Encodable) -> String {
            String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
        }
        options.metadata["class_names"] = json(model.classNames)
        options.metadata["input_shape"] = json(model.input)
        options.metadata["input_range"] =
            withPreprocessing || normalization == nil ? "[0, 1] pixels" : "normalised pixels"
        if let normalization {
            options.metadata["normalization"] = json(["mean": normalization.mean, "std": normalization.std])
        }
        options.metadata["pipeline"] = pipelineName
        options.metadata["run_id"] = model.runId
        let tensors = Dictionary(
            model.tensors.map { ($0.name, $0.floatValues) }, uniquingKeysWith: { first, _ in first })
        return try ONNXExport.model(layers: graph.layers, input: graph.input, tensors: tensors, options: options)
    }

    /// Writes `data` of `loaded` to `output` atomically.
    public static func write(
        _ loaded: LoadedModel, to output: OutputPath, options: ONNXExport.Options, withPreprocessing: Bool
    ) throws {
        try RunFiles.write(try data(loaded, options: options, withPreprocessing: withPreprocessing), to: output)
    }
}
