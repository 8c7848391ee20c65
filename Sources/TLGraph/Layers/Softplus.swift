import TLConfig

/// Softplus, log(1 + exp(x)) (torch.nn.Softplus with its defaults: beta 1, and a threshold of 20 above which it is
/// x, which float32 cannot tell from the formula); the output has the input's shape.
public struct SoftplusOp: LayerOperation, LayerSyntax, Equatable {
    /// Creates a softplus.
    public init() {}

    public var kind: String { Self.tag }
    public static let tag = "softplus"
    public static let schema = LayerSchema.op("Softplus, log(1 + exp(x)) (torch.nn.Softplus with beta 1).", [])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { _ in SoftplusOp() }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: step.input)
    }
}
