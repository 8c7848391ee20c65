import TLConfig

/// Layer normalisation over the channels at each position of an N×C×H×W map, or over the features of N×F: ConvNeXt's
/// `nn.LayerNorm` between its permutes and torchvision's `LayerNorm2d` (its stem, downsampling and classifier), with a
/// learnable scale and shift per channel; `channels` is filled in by shape inference.
public struct LayerNormOp: LayerOperation, LayerSyntax, Equatable {
    public var channels: Int?
    public var eps: Double

    /// Creates layer normalisation with `eps` added to the variance (ConvNeXt's is 1e-6).
    public init(channels: Int? = nil, eps: Double = 1e-5) {
        self.channels = channels
        self.eps = eps
    }

    public var kind: String { Self.tag }
    public static let tag = "layernorm"
    static let eps = DefaultedKey("eps", .number(.positive), default: 1e-5, doc: "Added to the variance.")
    static let channels = SchemaKey<Int>(
        "num_features", .integer(min: 1), doc: "Channels (of a map) or features (of a vector); checked when given.")
    public static let schema = LayerSchema.op(
        "Layer normalisation over the channels at each position of a 4-D tensor (torchvision's LayerNorm2d), or over "
            + "the features of a 2-D tensor (torch.nn.LayerNorm), with a learnable scale and shift.", [channels, eps])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { LayerNormOp(channels: $0[channels], eps: $0[eps]) }
    }

    /// ONNX's `LayerNormalization` arrived in opset 17.
    public var minimumONNXOpset: Int { 17 }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        let input = step.input
        guard input.isImage || input.dims.count == 1 else {
            inference.problem(
                "shape/rank", step, key: nil, "\(step.subject) needs an N×C×H×W or N×features input but gets \(input)",
                expected: "N×C×H×W or N×features", got: input.description)
            return nil
        }
        inference.checkDeclared(step, "num_features", channels, actual: input.dims[0], code: "shape/channels")
        channels = input.dims[0]
        return inference.record(step, self, output: input)
    }

    public func parameters(named name: String) -> [ParameterInfo] {
        let n = channels ?? 0
        return [
            ParameterInfo(name: name + ".weight", shape: [n], initial: .ones),
            ParameterInfo(name: name + ".bias", shape: [n], initial: .zeros),
        ]
    }
}
