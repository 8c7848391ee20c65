import TLConfig

/// 2-D max pooling (torch.nn.MaxPool2d).
public struct MaxPool2dOp: LayerOperation, LayerSyntax, Equatable {
    public var window: PoolWindow

    /// Creates max pooling over `window`.
    public init(_ window: PoolWindow) { self.window = window }

    public var kind: String { Self.tag }
    public static let tag = "maxpool2d"
    public static let schema = LayerSchema.op("2-D max pooling (torch.nn.MaxPool2d).", [
        SchemaField("kernel_size", LayerSchema.pair, required: true, doc: "Window size."),
        SchemaField("stride", LayerSchema.pair, doc: "Stride; defaults to kernel_size."),
        SchemaField("padding", LayerSchema.padding, default: .scalar(.int(0)), doc: "Implicit negative-infinity padding."),
        SchemaField("dilation", LayerSchema.pair, default: .scalar(.int(1)), doc: "Dilation."),
        SchemaField("ceil_mode", .boolean, default: .scalar(.bool(false)), doc: "Round the output size up instead of down."),
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

extension PoolWindow {
    /// The window a pooling entry describes (stride defaults to the kernel size).
    init(spec: OpSpec) {
        let kernel = spec.pair("kernel_size") ?? (1, 1)
        self.init(kernel: kernel, stride: spec.pair("stride") ?? kernel, padding: spec.pair("padding") ?? (0, 0),
                  dilation: spec.pair("dilation") ?? (1, 1), ceilMode: spec.bool("ceil_mode", false),
                  countIncludePad: spec.bool("count_include_pad", true))
    }
}
