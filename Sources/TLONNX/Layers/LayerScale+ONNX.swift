import TLGraph

extension LayerScaleOp: ONNXLayer {
    /// `Mul` by the C×1×1 scale (broadcast over height and width).
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        graph.node(
            "Mul", name: layer.name, inputs: [input, try graph.weight(layer.name, shape: [shape.dims[0], 1, 1])])
    }
}
