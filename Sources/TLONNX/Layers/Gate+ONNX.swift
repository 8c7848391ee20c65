import TLGraph

extension GateOp: ONNXLayer {
    /// The branch's C×1×1 scale, then `Mul` with the input (broadcast over height and width).
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let scale = try ONNXExport.chain(branch, input: input, shape: shape, into: &graph).value
        return graph.node("Mul", name: layer.name, inputs: [input, scale])
    }
}
