import TLConfig

/// Average over height and width, giving N×C (already flat).
public struct GlobalAvgPoolOp: LayerOperation, LayerSyntax, Equatable {
    /// Creates a global average pooling layer.
    public init() {}

    public var kind: String { Self.tag }
    public static let tag = "global_avgpool"
    public static let schema = LayerSchema.op("Average over height and width; output is N×C (already flat).", [])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { _ in GlobalAvgPoolOp() }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        return inference.record(step, self, output: TensorShape([step.input.dims[0]]))
    }
}
