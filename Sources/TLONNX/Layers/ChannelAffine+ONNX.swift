import TLGraph

extension ChannelAffineOp: ONNXLayer {
    /// `Mul` by the C×1×1 scales, then `Add` of the shifts.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let shape = [scale.count, 1, 1]
        let scaled = graph.node(
            "Mul", name: layer.name,
            inputs: [input, graph.constant(layer.name + ".scale", values: scale.map(Float.init), shape: shape)])
        return graph.node(
            "Add", name: layer.name,
            inputs: [scaled, graph.constant(layer.name + ".shift", values: shift.map(Float.init), shape: shape)])
    }
}
