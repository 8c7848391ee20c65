import TLGraph

extension ConcatOp: ONNXLayer {
    /// Each branch (the input itself when empty), then `Concat` along the channels.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        var outputs: [String] = []
        for branch in branches {
            outputs.append(try ONNXExport.chain(branch, input: input, shape: shape, into: &graph).value)
        }
        return graph.node("Concat", name: layer.name, inputs: outputs, attributes: [ONNXGraphBuilder.int("axis", 1)])
    }
}
