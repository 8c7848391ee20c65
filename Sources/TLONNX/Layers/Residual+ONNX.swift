import TLGraph

extension ResidualOp: ONNXLayer {
    /// The shortcut (the input itself when empty) plus the body, then ReLU where the block has one.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let shortcutOut = try ONNXExport.chain(shortcut, input: input, shape: shape, into: &graph).value
        let bodyOut = try ONNXExport.chain(body, input: input, shape: shape, into: &graph).value
        let sum = graph.node("Add", name: layer.name, inputs: [bodyOut, shortcutOut])
        return reluAfterAdd ? graph.node("Relu", name: layer.name + ".relu", inputs: [sum]) : sum
    }
}
