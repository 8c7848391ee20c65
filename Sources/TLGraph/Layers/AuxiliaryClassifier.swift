/// An auxiliary classifier (GoogLeNet's `aux1` and `aux2`, Inception v3's `AuxLogits`): torchvision adds its loss in
/// training only, from the output of an earlier layer (its tap). tlrun keeps its layers and tensors where torchvision
/// lists them (so checkpoints load and report them, and the state dict keeps its order) but never runs it: the value
/// passes through unchanged, its layers are shaped from `tapShape` (the tap's output at the network's default input),
/// and a cut drops it.
public struct AuxiliaryClassifierOp: LayerOperation {
    public var tapShape: TensorShape
    public var layers: [Layer]

    /// Creates an auxiliary classifier of `layers` reading a tap whose output is `tapShape` at the default input.
    public init(tapShape: TensorShape, layers: [Layer]) {
        self.tapShape = tapShape
        self.layers = layers
    }

    public var kind: String { "auxiliary_classifier" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        let index = inference.reserve(step)
        let (resolved, output) = inference.run(layers, input: tapShape, depth: step.depth + 1)
        layers = resolved
        guard output != nil else { return nil }
        inference.complete(index, self, output: step.input, runs: false)
        return step.input
    }

    public var nestedLayers: [Layer] { layers }

    public func mappingNested(_ transform: (Layer) -> Layer) -> AuxiliaryClassifierOp {
        AuxiliaryClassifierOp(tapShape: tapShape, layers: layers.map(transform))
    }
}
