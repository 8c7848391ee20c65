import TLConfig

/// x·sigmoid(x) (torch.nn.SiLU, also called swish; EfficientNet's activation); the output has the input's shape.
public struct SiLUOp: ElementwiseActivation {
    /// Creates the activation.
    public init() {}

    public static let tag = "silu"
    public static let schema = LayerSchema.op("Sigmoid-weighted linear unit, x·sigmoid(x) (torch.nn.SiLU).", [])
}
