/// A block of layers run one after the other (a torchvision `nn.Sequential` block such as MobileNet V2's inverted
/// residual without its shortcut): one unit for cut points, slicing and freezing, named as torchvision names it.
public struct SequenceOp: LayerOperation {
    public var layers: [Layer]
    /// The order torchvision registers the layers in (indices into `layers`), where it differs from the order they run
    /// (Swin's patch merging normalises before its `reduction` but lists it after): the state_dict's order.
    public var listing: [Int]?

    /// Creates a block of `layers`, listed in the state_dict in `listing` order (nil: as they run).
    public init(_ layers: [Layer], listing: [Int]? = nil) {
        self.layers = layers
        self.listing = listing
    }

    public var kind: String { "sequence" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        let index = inference.reserve(step)
        let (resolved, output) = inference.run(layers, input: step.input, depth: step.depth + 1)
        layers = resolved
        guard let output else { return nil }
        inference.complete(index, self, output: output)
        return output
    }

    public var nestedLayers: [Layer] { listing.map { $0.map { layers[$0] } } ?? layers }

    public func mappingNested(_ transform: (Layer) -> Layer) -> SequenceOp {
        SequenceOp(layers.map(transform), listing: listing)
    }
}
