import TLConfig

/// Dropout (torch.nn.Dropout): zeroes elements with probability `p` in training, identity in evaluation.
public struct DropoutOp: LayerOperation, LayerSyntax, Equatable {
    public var p: Double

    /// Creates a dropout layer.
    public init(p: Double = 0.5) { self.p = p }

    public var kind: String { Self.tag }
    public static let tag = "dropout"
    public static let schema = LayerSchema.op("Dropout (active in training only).", [
        SchemaField("p", .number(NumberRange(min: 0, max: 1, maxExclusive: true)), default: .scalar(.double(0.5)), doc: "Drop probability."),
    ])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { DropoutOp(p: $0.double("p", 0.5)) }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: step.input)
    }

    public var isRandomInTraining: Bool { true }
}
