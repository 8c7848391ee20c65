import TLConfig

/// The hyperbolic tangent (torch.nn.Tanh); the output has the input's shape.
public struct TanhOp: ElementwiseActivation {
    /// Creates a tanh.
    public init() {}

    public static let tag = "tanh"
    public static let schema = LayerSchema.op("Hyperbolic tangent (torch.nn.Tanh).", [])
}
