import TLConfig

/// The logistic sigmoid (torch.nn.Sigmoid); the output has the input's shape.
public struct SigmoidOp: LayerOperation, LayerSyntax, Equatable {
    /// Creates a sigmoid.
    public init() {}

    public var kind: String { Self.tag }
    public static let tag = "sigmoid"
    public static let schema = LayerSchema.op("Logistic sigmoid (torch.nn.Sigmoid).", [])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { _ in SigmoidOp() }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: step.input)
    }
}
