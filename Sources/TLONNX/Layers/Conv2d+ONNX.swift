import TLGraph

extension Conv2dOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let weight = try graph.weight(
            layer.name + ".weight", shape: [outChannels, (inChannels ?? shape.dims[0]) / groups, kernel.0, kernel.1])
        let inputs = [input, weight] + (bias ? [try graph.weight(layer.name + ".bias", shape: [outChannels])] : [])
        return graph.node(
            "Conv", name: layer.name, inputs: inputs,
            attributes: [
                ONNXGraphBuilder.ints("kernel_shape", [kernel.0, kernel.1]),
                ONNXGraphBuilder.ints("strides", [stride.0, stride.1]),
                ONNXGraphBuilder.ints("pads", onnxPads(padding)),
                ONNXGraphBuilder.ints("dilations", [dilation.0, dilation.1]),
                ONNXGraphBuilder.int("group", groups),
            ])
    }
}
