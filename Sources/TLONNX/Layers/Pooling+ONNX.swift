import TLGraph

extension PoolWindow {
    /// The attributes of ONNX's pooling ops for this window (whose output size `ONNXExpressibility` checked is PyTorch's).
    func onnxAttributes(dilated: Bool) -> [Onnx_AttributeProto] {
        var attributes = [
            ONNXGraphBuilder.ints("kernel_shape", [kernel.0, kernel.1]),
            ONNXGraphBuilder.ints("strides", [stride.0, stride.1]),
            ONNXGraphBuilder.ints("pads", onnxPads(padding)), ONNXGraphBuilder.int("ceil_mode", ceilMode ? 1 : 0),
        ]
        if dilated { attributes.append(ONNXGraphBuilder.ints("dilations", [dilation.0, dilation.1])) }
        return attributes
    }
}

extension MaxPool2dOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        graph.node(
            "MaxPool", name: layer.name, inputs: [input],
            attributes: window.onnxAttributes(dilated: true))
    }
}

extension AvgPool2dOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let attributes =
            window.onnxAttributes(dilated: false)
            + [ONNXGraphBuilder.int("count_include_pad", window.countIncludePad ? 1 : 0)]
        return graph.node("AveragePool", name: layer.name, inputs: [input], attributes: attributes)
    }
}

extension AdaptiveAvgPool2dOp: ONNXLayer {
    /// A 1x1 output is `GlobalAveragePool`; an output that divides the input evenly (as `ONNXExpressibility` checked)
    /// is `AveragePool` with equal windows.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        if height == 1 && width == 1 { return graph.node("GlobalAveragePool", name: layer.name, inputs: [input]) }
        let h = shape.dims[1], w = shape.dims[2]
        let kernel = [h / height, w / width]
        return graph.node(
            "AveragePool", name: layer.name, inputs: [input],
            attributes: [ONNXGraphBuilder.ints("kernel_shape", kernel), ONNXGraphBuilder.ints("strides", kernel)])
    }
}

extension GlobalAvgPoolOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let pooled = graph.node("GlobalAveragePool", name: layer.name, inputs: [input])
        return graph.node("Flatten", name: layer.name, inputs: [pooled], attributes: [ONNXGraphBuilder.int("axis", 1)])
    }
}
