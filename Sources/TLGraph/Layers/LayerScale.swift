/// A learnable scale per channel of an N×C×H×W map (ConvNeXt's layer scale, `initial` at the start): y = x · γ[c].
/// The tensor is the enclosing block's own (`features.1.0.layer_scale`, C×1×1), so the layer is named after it and
/// its tensor listed before the block's submodules, as torchvision lists it.
public struct LayerScaleOp: LayerOperation, Equatable {
    public var channels: Int?
    public var initial: Double

    /// Creates a layer scale starting at `initial` (ConvNeXt's is 1e-6).
    public init(channels: Int? = nil, initial: Double) {
        self.channels = channels
        self.initial = initial
    }

    public var kind: String { "layer_scale" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        inference.checkDeclared(step, "channels", channels, actual: step.input.dims[0], code: "shape/channels")
        channels = step.input.dims[0]
        return inference.record(step, self, output: step.input)
    }

    /// The tensor is named as the layer is.
    public func parameters(named name: String) -> [ParameterInfo] {
        [ParameterInfo(name: name, shape: [channels ?? 0, 1, 1], initial: .filled(initial))]
    }

    public var belongsToEnclosingBlock: Bool { true }
}
