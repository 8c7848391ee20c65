/// Why a network cannot be written as ONNX, naming the layer or tensor concerned.
public enum ONNXError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An opset outside the range the export writes.
    case unsupportedOpset(Int, supported: ClosedRange<Int>)
    /// A layer ONNX at this opset cannot express exactly.
    case unsupportedLayer(layer: String, kind: String, reason: String)
    /// A layer ONNX computes exactly only from opset `opset` on (its `minimumONNXOpset`), later than the one asked for.
    case layerNeedsOpset(layer: String, kind: String, opset: Int)
    /// A tensor the network needs and the weights lack.
    case missingTensor(String)
    /// A tensor whose element count is not the one its layer needs.
    case tensorSize(String, expected: Int, got: Int)

    public var description: String {
        switch self {
        case .unsupportedOpset(let opset, let supported):
            return
                "opset \(opset) is not supported; the export writes opsets \(supported.lowerBound) to \(supported.upperBound)"
        case .unsupportedLayer(let layer, let kind, let reason):
            return "\(kind) '\(layer)' cannot be exported: \(reason)"
        case .layerNeedsOpset(let layer, let kind, let opset):
            return "\(kind) '\(layer)' cannot be exported: ONNX computes it exactly only from opset \(opset) on"
        case .missingTensor(let name): return "the weights have no tensor '\(name)'"
        case .tensorSize(let name, let expected, let got):
            return "tensor '\(name)' has \(got) elements, its layer needs \(expected)"
        }
    }
}
