import TLGraph

extension BatchNormOp: ONNXLayer {
    /// Inference form: the running statistics; without `affine`, scale 1 and shift 0.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let n = features ?? shape.dims[0]
        let scale =
            affine
            ? try graph.weight(layer.name + ".weight", shape: [n])
            : graph.constant(layer.name + ".weight", values: [Float](repeating: 1, count: n), shape: [n])
        let shift =
            affine
            ? try graph.weight(layer.name + ".bias", shape: [n])
            : graph.constant(layer.name + ".bias", values: [Float](repeating: 0, count: n), shape: [n])
        let mean = try graph.weight(layer.name + ".running_mean", shape: [n])
        let variance = try graph.weight(layer.name + ".running_var", shape: [n])
        return graph.node(
            "BatchNormalization", name: layer.name, inputs: [input, scale, shift, mean, variance],
            attributes: [ONNXGraphBuilder.float("epsilon", eps)])
    }
}
