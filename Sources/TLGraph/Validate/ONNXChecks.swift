import TLConfig

/// With `output.onnx: true` a run ends by writing the model as ONNX; a layer ONNX cannot compute exactly at that
/// opset would fail the run at its very end, so validate reports it at the layer, naming the `output.onnx` key.
/// The decision is `ONNXExpressibility`'s, the one the export itself makes.
struct ONNXChecks {
    let pipeline: Pipeline
    var sink: DiagnosticSink

    mutating func run(graph: TransferGraph?) {
        guard pipeline.outputONNX, let graph else { return }
        let onnxKey = sink.config.keySpan(at: ConfigPath.root.key("output").key("onnx"))
        let opset = ONNXExpressibility.defaultOpset
        for entry in ShapeInference.run(graph.layers, input: graph.input).inferred {
            guard let reason = ONNXExpressibility.problem(entry.layer.op, input: entry.input, opset: opset) else {
                continue
            }
            sink.report(
                "onnx/unsupported-layer", at: entry.layer.origin ?? ConfigPath.root.key("source").key("model"),
                "\(entry.layer.op.kind) '\(entry.layer.name)' cannot be written as ONNX opset \(opset), "
                    + "which output.onnx (\(onnxKey)) asks of the run: \(reason)",
                hint: "set output.onnx to false, or use a layer ONNX expresses at opset \(opset)")
        }
    }
}
