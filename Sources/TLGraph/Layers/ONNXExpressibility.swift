/// Whether ONNX can compute a layer exactly: the one answer that the ONNX export (TLONNX) and `tlrun validate` (for a
/// pipeline with `output.onnx`) both use, from what each layer type declares (`minimumONNXOpset`, `onnxShapeProblem`).
public enum ONNXExpressibility {
    /// The opsets the export writes.
    public static let opsets = 13...21
    /// The opset of `output.onnx` and of `tlrun export` without `--opset`.
    public static let defaultOpset = 17

    /// Why ONNX at `opset` cannot compute `op` exactly on one sample of `input`, nil when it can.
    public static func problem(_ op: any LayerOperation, input: TensorShape, opset: Int) -> String? {
        if opset < op.minimumONNXOpset {
            return
                "ONNX computes \(op.kind) exactly only from opset \(op.minimumONNXOpset) on, and this export writes opset \(opset)"
        }
        return op.onnxShapeProblem(input: input)
    }
}
