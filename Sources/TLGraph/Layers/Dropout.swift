import TLConfig

/// Dropout (torch.nn.Dropout): zeroes elements with probability `p` in training, identity in evaluation.
public struct DropoutOp: LayerOperation, LayerSyntax, Equatable {
    public var p: Double

    /// The drop probability's key, with PyTorch's default.
    public static let probability = DefaultedKey(
        "p", .number(NumberRange(min: 0, max: 1, maxExclusive: true)), default: 0.5,
        doc: "Drop probability.")

    /// Creates a dropout layer.
    public init(p: Double = probability.defaultValue) { self.p = p }

    public var kind: String { Self.tag }
    public static let tag = "dropout"
    public static let schema = LayerSchema.op("Dropout (active in training only).", [probability])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { DropoutOp(p: $0[probability]) }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: step.input)
    }

    public var isRandomInTraining: Bool { p > 0 }
}
