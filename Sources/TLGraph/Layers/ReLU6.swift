import TLConfig

/// ReLU6, min(max(x, 0), 6) (torch.nn.ReLU6, MobileNet V2's activation); the output has the input's shape.
public struct ReLU6Op: LayerOperation, LayerSyntax, Equatable {
    /// Creates a ReLU6.
    public init() {}

    public var kind: String { Self.tag }
    public static let tag = "relu6"
    public static let schema = LayerSchema.op("ReLU clipped at 6, min(max(x, 0), 6) (torch.nn.ReLU6).", [])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { _ in ReLU6Op() }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: step.input)
    }
}
