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
    static let outputSize = SchemaKey<SizePair>(
        "output_size", LayerSchema.pair, required: true, doc: "Output height and width.")
    public static let schema = LayerSchema.op("Adaptive average pooling to a fixed output size.", [outputSize])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { spec in
            let size = spec[outputSize] ?? SizePair(1)
            return AdaptiveAvgPool2dOp(height: size.height, width: size.width)
        }
    }

    /// A 1x1 output is a global average; other sizes are ONNX's `AveragePool` only when they divide the input into
    /// equal windows (otherwise the windows overlap and vary in size).
    public func onnxShapeProblem(input: TensorShape) -> String? {
        guard !(height == 1 && width == 1), input.dims.count == 3 else { return nil }
        let h = input.dims[1], w = input.dims[2]
        guard h % height != 0 || w % width != 0 else { return nil }
        return
            "its \(h)x\(w) input does not divide into \(height)x\(width) equal windows, which ONNX's AveragePool needs; "
            + "use an input size where it does, or global_avgpool"
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        return inference.record(step, self, output: .image(step.input.dims[0], height, width))
    }
}
