import TLGraph

extension PointwiseLinearOp: ONNXLayer {
    /// A 1x1 `Conv` (with the bias, if any) whose weight is the out×in matrix seen as out×in×1×1.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let inputs =
            [input, try graph.weight(layer.name + ".weight", shape: [outFeatures, inFeatures ?? shape.dims[0], 1, 1])]
            + (bias ? [try graph.weight(layer.name + ".bias", shape: [outFeatures])] : [])
        return graph.node(
            "Conv", name: layer.name, inputs: inputs, attributes: [ONNXGraphBuilder.ints("kernel_shape", [1, 1])])
    }
}
