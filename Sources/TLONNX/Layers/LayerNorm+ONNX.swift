import TLGraph

extension LayerNormOp: ONNXLayer {
    /// `LayerNormalization` over the last axis (opset 17), between transposes to and from channels-last for a map.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let channels = shape.dims[0]
        let inputs = [
            try graph.weight(layer.name + ".weight", shape: [channels]),
            try graph.weight(layer.name + ".bias", shape: [channels]),
        ]
        let attributes = [ONNXGraphBuilder.int("axis", -1), ONNXGraphBuilder.float("epsilon", eps)]
        guard shape.isImage else {
            return graph.node("LayerNormalization", name: layer.name, inputs: [input] + inputs, attributes: attributes)
        }
        let last = graph.node(
            "Transpose", name: layer.name, inputs: [input], attributes: [ONNXGraphBuilder.ints("perm", [0, 2, 3, 1])])
        let normalised = graph.node(
            "LayerNormalization", name: layer.name, inputs: [last] + inputs, attributes: attributes)
        return graph.node(
            "Transpose", name: layer.name, inputs: [normalised],
            attributes: [ONNXGraphBuilder.ints("perm", [0, 3, 1, 2])])
    }
}
