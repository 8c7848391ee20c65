/// torchvision's ViT patch embedding: the nested `conv_proj` (a convolution whose kernel and stride are the patch size)
/// cuts the image into patches, the C×h×w map becomes h·w tokens row by row (torchvision's reshape and permute), and
/// the learned class token goes in front. Tokens are held as a C×1×T map, so the layers that work on the channels of
/// each position (layer norm, pointwise linear) work on each token. The class token is the tensor named as the layer
/// (`class_token`, 1×1×C), listed before `conv_proj`'s as torchvision lists it.
public struct ClassTokenOp: LayerOperation {
    public var projection: [Layer]
    public var channels: Int?

    /// Creates a patch embedding whose patches `projection` makes.
    public init(projection: [Layer], channels: Int? = nil) {
        self.projection = projection
        self.channels = channels
    }

    public var kind: String { "class_token" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        if let patch = patchSize, step.input.dims[1] % patch != 0 || step.input.dims[2] % patch != 0 {
            let fit = { (size: Int) in max(patch, size / patch * patch) }
            inference.problem(
                "shape/patch", step, key: nil,
                "\(step.subject) cuts its \(step.input) input into \(patch)x\(patch) patches, which do not divide "
                    + "\(step.input.dims[1])x\(step.input.dims[2]): the last row or column of pixels would be dropped",
                expected: "a height and width divisible by \(patch)",
                got: "\(step.input.dims[1])x\(step.input.dims[2])",
                hint: "use an input of \(fit(step.input.dims[1]))x\(fit(step.input.dims[2])) or "
                    + "\(fit(step.input.dims[1]) + patch)x\(fit(step.input.dims[2]) + patch) (source.input, or the "
                    + "transforms' crop)")
            return nil
        }
        let index = inference.reserve(step)
        let (resolved, patches) = inference.run(projection, input: step.input, depth: step.depth + 1)
        projection = resolved
        guard let patches else { return nil }
        guard patches.isImage else {
            inference.problem(
                "shape/rank", step, key: nil, "\(step.subject) needs its projection to make a map of patches",
                expected: "N×C×h×w", got: patches.description)
            return nil
        }
        channels = patches.dims[0]
        let output = TensorShape([patches.dims[0], 1, patches.dims[1] * patches.dims[2] + 1])
        inference.complete(index, self, output: output)
        return output
    }

    /// The side of the square patches, when the projection is a convolution whose stride is its kernel.
    var patchSize: Int? {
        guard let conv = projection.first?.op as? Conv2dOp, conv.kernel == conv.stride, conv.kernel.0 == conv.kernel.1
        else { return nil }
        return conv.kernel.0
    }

    /// The token is named as the layer is; torchvision starts it at zero.
    public func parameters(named name: String) -> [ParameterInfo] {
        [ParameterInfo(name: name, shape: [1, 1, channels ?? 0], initial: .zeros)]
    }

    public var nestedLayers: [Layer] { projection }

    public func mappingNested(_ transform: (Layer) -> Layer) -> ClassTokenOp {
        ClassTokenOp(projection: projection.map(transform), channels: channels)
    }
}
