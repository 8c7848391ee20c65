import TLConfig

/// The rectified linear unit (torch.nn.ReLU); the output has the input's shape.
public struct ReLUOp: LayerOperation, LayerSyntax, Equatable {
    /// Creates a ReLU.
    public init() {}

    public var kind: String { Self.tag }
    public static let tag = "relu"
    public static let schema = LayerSchema.op("Rectified linear unit.", [])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { _ in ReLUOp() }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: step.input)
    }
}
