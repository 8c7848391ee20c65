import TLConfig

/// Flatten (torch.nn.Flatten): everything after the batch dimension becomes one; a view, no computation.
public struct FlattenOp: LayerOperation, LayerSyntax, Equatable {
    /// Creates a flatten layer.
    public init() {}

    public var kind: String { Self.tag }
    public static let tag = "flatten"
    public static let schema = LayerSchema.op("Flatten everything after the batch dimension.", [])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { _ in FlattenOp() }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: TensorShape([step.input.elementCount]))
    }
}
