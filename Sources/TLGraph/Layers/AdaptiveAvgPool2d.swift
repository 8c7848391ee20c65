import TLConfig

/// Adaptive average pooling to a fixed output size (torch.nn.AdaptiveAvgPool2d).
public struct AdaptiveAvgPool2dOp: LayerOperation, LayerSyntax, Equatable {
    public var height: Int
    public var width: Int

    /// Creates adaptive pooling to `height`×`width`.
    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    public var kind: String { Self.tag }
    public static let tag = "adaptive_avgpool2d"
    static let outputSize = SchemaKey<SizePair>("output_size", LayerSchema.pair, required: true, doc: "Output height and width.")
    public static let schema = LayerSchema.op("Adaptive average pooling to a fixed output size.", [outputSize])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { spec in
            let size = spec[outputSize] ?? SizePair(1)
            return AdaptiveAvgPool2dOp(height: size.height, width: size.width)
        }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        return inference.record(step, self, output: .image(step.input.dims[0], height, width))
    }
}
