import TLConfig

/// Stochastic depth (torchvision's `StochasticDepth` in "row" mode): in training each image's whole tensor is zeroed
/// with probability `p` and the rest scaled by 1/(1-p); identity in evaluation. Ends the residual branch of EfficientNet
/// and ConvNeXt blocks, so that a dropped image passes through the block on its shortcut alone.
public struct StochasticDepthOp: LayerOperation, LayerSyntax, Equatable {
    public var p: Double

    /// Creates stochastic depth dropping images with probability `p`.
    public init(p: Double = DropoutOp.probability.defaultValue) { self.p = p }

    public var kind: String { Self.tag }
    public static let tag = "stochastic_depth"
    public static let schema = LayerSchema.op(
        "Stochastic depth: drops whole images in training (torchvision's StochasticDepth, mode row).",
        [DropoutOp.probability])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { StochasticDepthOp(p: $0[DropoutOp.probability]) }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: step.input)
    }

    public var isRandomInTraining: Bool { p > 0 }
}
