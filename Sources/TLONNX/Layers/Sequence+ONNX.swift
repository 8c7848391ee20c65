import TLGraph

extension SequenceOp: ONNXLayer {
    /// The block's layers, one after the other.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        try ONNXExport.chain(layers, input: input, shape: shape, into: &graph).value
    }
}
