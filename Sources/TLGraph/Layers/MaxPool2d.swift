import TLConfig

/// 2-D max pooling (torch.nn.MaxPool2d).
public struct MaxPool2dOp: LayerOperation, LayerSyntax, Equatable {
    public var window: PoolWindow

    /// Creates max pooling over `window`.
    public init(_ window: PoolWindow) { self.window = window }

    public var kind: String { Self.tag }
    public static let tag = "maxpool2d"
    public static let schema = LayerSchema.op(
        "2-D max pooling (torch.nn.MaxPool2d).",
        [
            PoolWindow.Keys.kernelSize, PoolWindow.Keys.stride,
            DefaultedKey(
                "padding", LayerSchema.padding, default: PoolWindow.Keys.padding.defaultValue,
                doc: "Implicit negative-infinity padding."),
            PoolWindow.Keys.dilation, PoolWindow.Keys.ceilMode,
        ])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { MaxPool2dOp(PoolWindow(spec: $0)) }
    }

    /// Expressible unless ONNX's pooling would give another output size than PyTorch's (see `PoolWindow`).
    public func onnxShapeProblem(input: TensorShape) -> String? { window.onnxShapeProblem(input: input) }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard let output = window.outputShape(step, &inference) else { return nil }
        return inference.record(step, self, output: output)
    }
}
