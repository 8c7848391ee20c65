import TLConfig

/// Softplus, log(1 + exp(x)) (torch.nn.Softplus with its defaults: beta 1, and a threshold of 20 above which it is
/// x, which float32 cannot tell from the formula); the output has the input's shape.
public struct SoftplusOp: ElementwiseActivation {
    /// Creates a softplus.
    public init() {}

    public static let tag = "softplus"
    public static let schema = LayerSchema.op("Softplus, log(1 + exp(x)) (torch.nn.Softplus with beta 1).", [])
}
