import TLConfig

/// Leaky ReLU (torch.nn.LeakyReLU): `slope` times the input below zero; the output has the input's shape.
public struct LeakyReLUOp: LayerOperation, LayerSyntax, Equatable {
    public var slope: Double

    /// The slope's key, with PyTorch's default.
    public static let negativeSlope = DefaultedKey(
        "negative_slope", .number(.nonNegative), default: 0.01, doc: "Slope for negative inputs.")

    /// Creates a leaky ReLU with PyTorch's default slope.
    public init(slope: Double = negativeSlope.defaultValue) { self.slope = slope }

    public var kind: String { Self.tag }
    public static let tag = "leaky_relu"
    public static let schema = LayerSchema.op("Leaky ReLU.", [negativeSlope])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { LeakyReLUOp(slope: $0[negativeSlope]) }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: step.input)
    }
}
