/// A fully connected layer applied at every position of an N×C×H×W map (ConvNeXt's `nn.Linear` between its
/// permutes): a 1x1 convolution whose weight is stored as torch.nn.Linear stores it, out×in.
public struct PointwiseLinearOp: LayerOperation, Equatable {
    public var outFeatures: Int
    public var inFeatures: Int?
    /// False for Swin's patch merging `reduction`, which has no bias.
    public var bias: Bool
    /// How a zoo family initialises it (nil: as torch.nn.Linear does).
    public var initialization: LayerInitialization?

    /// Creates a pointwise linear layer with `outFeatures` outputs per position (and a bias unless `bias` is false).
    public init(outFeatures: Int, inFeatures: Int? = nil, bias: Bool = true) {
        self.outFeatures = outFeatures
        self.inFeatures = inFeatures
        self.bias = bias
    }

    public var kind: String { "pointwise_linear" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        let input = step.input
        inference.checkDeclared(step, "in_features", inFeatures, actual: input.dims[0], code: "shape/linear-in")
        inFeatures = input.dims[0]
        guard let macs = inference.cost(step, [input.dims[0], outFeatures, input.dims[1], input.dims[2]], key: nil)
        else { return nil }
        return inference.record(
            step, self, output: TensorShape([outFeatures, input.dims[1], input.dims[2]]), macs: macs)
    }

    public func parameters(named name: String) -> [ParameterInfo] {
        LayerInitialization.parameters(
            initialization, name: name, shape: [outFeatures, inFeatures ?? 0], bias: bias,
            fanIn: max(1, inFeatures ?? 1))
    }
}
