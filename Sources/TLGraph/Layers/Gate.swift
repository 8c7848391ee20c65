/// A squeeze-and-excitation gate: the input multiplied, channel by channel, by the C×1×1 scale `branch` computes from
/// it (torchvision's `SqueezeExcitation`: average pooling, 1x1 convolution, activation, 1x1 convolution, a sigmoid
/// or hard sigmoid); the output has the input's shape.
public struct GateOp: LayerOperation {
    public var branch: [Layer]

    /// Creates a gate whose scale `branch` computes.
    public init(branch: [Layer]) { self.branch = branch }

    public var kind: String { "gate" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        let input = step.input
        let index = inference.reserve(step)
        let (resolved, scale) = inference.run(branch, input: input, depth: step.depth + 1)
        branch = resolved
        guard let scale else { return nil }
        guard input.dims.count == 3, scale.dims == [input.dims[0], 1, 1] else {
            inference.problem(
                "shape/gate", step, key: nil, "gate '\(step.layer.name)' scales its input by a tensor of another shape",
                expected: input.dims.count == 3 ? TensorShape([input.dims[0], 1, 1]).description : "an N×C×H×W input",
                got: scale.description, hint: "the gate's branch must end in one value per input channel")
            return nil
        }
        inference.complete(index, self, output: input)
        return input
    }

    public var nestedLayers: [Layer] { branch }

    public func mappingNested(_ transform: (Layer) -> Layer) -> GateOp { GateOp(branch: branch.map(transform)) }
}
