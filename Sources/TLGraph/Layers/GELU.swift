import TLConfig

/// The Gaussian error linear unit (torch.nn.GELU), exact or with the tanh approximation; shape-preserving.
public struct GELUOp: LayerOperation, LayerSyntax, Equatable {
    public var tanh: Bool

    /// Creates a GELU (exact unless `tanh`).
    public init(tanh: Bool = false) { self.tanh = tanh }

    public var kind: String { Self.tag }
    public static let tag = "gelu"
    static let approximate = DefaultedKey(
        "approximate", .enumeration(["none", "tanh"]), default: "none",
        doc: "Exact (`none`) or tanh approximation.")
    public static let schema = LayerSchema.op("Gaussian error linear unit.", [approximate])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { GELUOp(tanh: $0[approximate] == "tanh") }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: step.input)
    }
}
