import TLGraph

extension PoolWindow {
    /// The attributes of ONNX's pooling ops for this window; throws when ONNX's output size would differ from
    /// PyTorch's (ceil mode with a last window that starts in the padding, which PyTorch drops and ONNX keeps).
    func onnxAttributes(_ layer: Layer, kind: String, shape: TensorShape, dilated: Bool) throws -> [Onnx_AttributeProto] {
        func onnxSize(_ n: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int) -> Int {
            let span = n + 2 * p - d * (k - 1) - 1
            return (ceilMode ? (span + s - 1) / s : span / s) + 1
        }
        func torchSize(_ n: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int) -> Int {
            let size = onnxSize(n, k, s, p, d)
            return ceilMode && (size - 1) * s >= n + p ? size - 1 : size
        }
        let h = shape.dims[1], w = shape.dims[2]
        if onnxSize(h, kernel.0, stride.0, padding.0, dilation.0) != torchSize(h, kernel.0, stride.0, padding.0, dilation.0)
            || onnxSize(w, kernel.1, stride.1, padding.1, dilation.1) != torchSize(w, kernel.1, stride.1, padding.1, dilation.1) {
            throw ONNXError.unsupportedLayer(layer: layer.name, kind: kind,
                                             reason: "with ceil_mode its last window starts in the padding, which ONNX keeps and PyTorch drops")
        }
        var attributes = [ONNXGraphBuilder.ints("kernel_shape", [kernel.0, kernel.1]), ONNXGraphBuilder.ints("strides", [stride.0, stride.1]),
                          ONNXGraphBuilder.ints("pads", onnxPads(padding)), ONNXGraphBuilder.int("ceil_mode", ceilMode ? 1 : 0)]
        if dilated { attributes.append(ONNXGraphBuilder.ints("dilations", [dilation.0, dilation.1])) }
        return attributes
    }
}

extension MaxPool2dOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws -> String {
        graph.node("MaxPool", name: layer.name, inputs: [input],
                   attributes: try window.onnxAttributes(layer, kind: kind, shape: shape, dilated: true))
    }
}

extension AvgPool2dOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws -> String {
        let attributes = try window.onnxAttributes(layer, kind: kind, shape: shape, dilated: false)
            + [ONNXGraphBuilder.int("count_include_pad", window.countIncludePad ? 1 : 0)]
        return graph.node("AveragePool", name: layer.name, inputs: [input], attributes: attributes)
    }
}

extension AdaptiveAvgPool2dOp: ONNXLayer {
    /// A 1x1 output is `GlobalAveragePool`; an output that divides the input evenly is `AveragePool` with equal
    /// windows; other sizes (overlapping windows of varying size) have no ONNX op.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws -> String {
        if height == 1 && width == 1 { return graph.node("GlobalAveragePool", name: layer.name, inputs: [input]) }
        let h = shape.dims[1], w = shape.dims[2]
        guard h % height == 0, w % width == 0 else {
            throw ONNXError.unsupportedLayer(layer: layer.name, kind: kind,
                                             reason: "its \(h)x\(w) input does not divide into \(height)x\(width) equal windows; "
                                                + "export at an input size where it does (or use global_avgpool)")
        }
        let kernel = [h / height, w / width]
        return graph.node("AveragePool", name: layer.name, inputs: [input],
                          attributes: [ONNXGraphBuilder.ints("kernel_shape", kernel), ONNXGraphBuilder.ints("strides", kernel)])
    }
}

extension GlobalAvgPoolOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws -> String {
        let pooled = graph.node("GlobalAveragePool", name: layer.name, inputs: [input])
        return graph.node("Flatten", name: layer.name, inputs: [pooled], attributes: [ONNXGraphBuilder.int("axis", 1)])
    }
}
