import TLConfig

/// The rectified linear unit (torch.nn.ReLU); the output has the input's shape.
public struct ReLUOp: ElementwiseActivation {
    /// Creates a ReLU.
    public init() {}

    public static let tag = "relu"
    public static let schema = LayerSchema.op("Rectified linear unit.", [])
}
