import TLConfig

/// The logistic sigmoid (torch.nn.Sigmoid); the output has the input's shape.
public struct SigmoidOp: ElementwiseActivation {
    /// Creates a sigmoid.
    public init() {}

    public static let tag = "sigmoid"
    public static let schema = LayerSchema.op("Logistic sigmoid (torch.nn.Sigmoid).", [])
}
