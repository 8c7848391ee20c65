import TLGraph

extension AuxiliaryClassifierOp: ONNXLayer {
    /// Never run, so no nodes: the value passes through.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    { input }
}
