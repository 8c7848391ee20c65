import TLConfig

/// ReLU6, min(max(x, 0), 6) (torch.nn.ReLU6, MobileNet V2's activation); the output has the input's shape.
public struct ReLU6Op: ElementwiseActivation {
    /// Creates a ReLU6.
    public init() {}

    public static let tag = "relu6"
    public static let schema = LayerSchema.op("ReLU clipped at 6, min(max(x, 0), 6) (torch.nn.ReLU6).", [])
}
