/// Branches run on the same input and joined along the channels, in order (torch.cat(..., 1)): an empty branch is the
/// input itself. DenseNet's dense layer is the input and one branch; Inception's and GoogLeNet's blocks are four
/// branches, SqueezeNet's fire module's expansion two.
public struct ConcatOp: LayerOperation {
    public var branches: [[Layer]]

    /// Creates a concatenation of `branches`.
    public init(branches: [[Layer]]) { self.branches = branches }

    public var kind: String { "concat" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        let index = inference.reserve(step)
        var outputs: [TensorShape] = []
        for (number, branch) in branches.enumerated() {
            let (resolved, output) = inference.run(branch, input: step.input, depth: step.depth + 1)
            branches[number] = resolved
            guard let output else { return nil }
            outputs.append(output)
        }
        guard let first = outputs.first,
            outputs.allSatisfy({ $0.isImage && $0.dims.dropFirst() == first.dims.dropFirst() })
        else {
            inference.problem(
                "shape/concat", step, key: nil,
                "concatenation '\(step.layer.name)' joins maps of different heights and widths",
                expected: "N×C×H×W maps of one height and width",
                got: outputs.map(\.description).joined(separator: ", "),
                hint: "every branch must keep the same spatial size")
            return nil
        }
        let output = TensorShape([outputs.map { $0.dims[0] }.reduce(0, +)] + first.dims.dropFirst())
        inference.complete(index, self, output: output)
        return output
    }

    public var nestedLayers: [Layer] { branches.flatMap { $0 } }

    public func mappingNested(_ transform: (Layer) -> Layer) -> ConcatOp {
        ConcatOp(branches: branches.map { $0.map(transform) })
    }
}
