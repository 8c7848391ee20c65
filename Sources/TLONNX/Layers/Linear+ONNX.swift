import TLGraph

extension LinearOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let weight = try graph.weight(layer.name + ".weight", shape: [outFeatures, inFeatures ?? shape.elementCount])
        let inputs = [input, weight] + (bias ? [try graph.weight(layer.name + ".bias", shape: [outFeatures])] : [])
        return graph.node("Gemm", name: layer.name, inputs: inputs, attributes: [ONNXGraphBuilder.int("transB", 1)])
    }
}
