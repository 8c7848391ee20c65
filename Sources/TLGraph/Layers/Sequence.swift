/// A block of layers run one after the other (a torchvision `nn.Sequential` block such as MobileNet V2's inverted
/// residual without its shortcut): one unit for cut points, slicing and freezing, named as torchvision names it.
public struct SequenceOp: LayerOperation {
    public var layers: [Layer]

    /// Creates a block of `layers`.
    public init(_ layers: [Layer]) { self.layers = layers }

    public var kind: String { "sequence" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        let index = inference.reserve(step)
        let (resolved, output) = inference.run(layers, input: step.input, depth: step.depth + 1)
        layers = resolved
        guard let output else { return nil }
        inference.complete(index, self, output: output)
        return output
    }

    public var nestedLayers: [Layer] { layers }

    public func mappingNested(_ transform: (Layer) -> Layer) -> SequenceOp { SequenceOp(layers.map(transform)) }
}
