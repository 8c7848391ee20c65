import TLConfig

/// The hyperbolic tangent (torch.nn.Tanh); the output has the input's shape.
public struct TanhOp: LayerOperation, LayerSyntax, Equatable {
    /// Creates a tanh.
    public init() {}

    public var kind: String { Self.tag }
    public static let tag = "tanh"
    public static let schema = LayerSchema.op("Hyperbolic tangent (torch.nn.Tanh).", [])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { _ in TanhOp() }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: step.input)
    }
}
