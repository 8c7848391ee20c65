import TLConfig

/// ReLU6(x + 3)/6 (torch.nn.Hardsigmoid, MobileNet V3's squeeze-and-excitation gate); the output has the input's shape.
public struct HardsigmoidOp: ElementwiseActivation {
    /// Creates the activation.
    public init() {}

    public static let tag = "hardsigmoid"
    public static let schema = LayerSchema.op("Hard sigmoid, ReLU6(x + 3)/6 (torch.nn.Hardsigmoid).", [])
}
