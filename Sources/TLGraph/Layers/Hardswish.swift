import TLConfig

/// x·ReLU6(x + 3)/6 (torch.nn.Hardswish, MobileNet V3's activation); the output has the input's shape.
public struct HardswishOp: ElementwiseActivation {
    /// Creates the activation.
    public init() {}

    public static let tag = "hardswish"
    public static let schema = LayerSchema.op("Hard swish, x·ReLU6(x + 3)/6 (torch.nn.Hardswish).", [])
}
