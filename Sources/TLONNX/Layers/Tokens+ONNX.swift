import TLGraph

extension ClassTokenOp: ONNXLayer {
    /// The projection, its map `Reshape`d to N×C×1×(h·w), and the class token `Expand`ed to every image and
    /// `Concat`enated in front.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let (patches, patchShape) = try ONNXExport.chain(projection, input: input, shape: shape, into: &graph)
        let c = patchShape.dims[0]
        let tokens = graph.node(
            "Reshape", name: layer.name,
            inputs: [patches, graph.indices(layer.name + ".shape", values: [0, c, 1, -1], shape: [4])])
        let imageCount = graph.node(
            "Slice", name: layer.name,
            inputs: [
                graph.node("Shape", name: layer.name, inputs: [tokens]),
                graph.indices(layer.name + ".start", values: [0], shape: [1]),
                graph.indices(layer.name + ".end", values: [1], shape: [1]),
            ])
        let expandedShape = graph.node(
            "Concat", name: layer.name,
            inputs: [imageCount, graph.indices(layer.name + ".token_shape", values: [c, 1, 1], shape: [3])],
            attributes: [ONNXGraphBuilder.int("axis", 0)])
        let token = graph.node(
            "Expand", name: layer.name, inputs: [try graph.weight(layer.name, shape: [1, c, 1, 1]), expandedShape])
        return graph.node(
            "Concat", name: layer.name, inputs: [token, tokens], attributes: [ONNXGraphBuilder.int("axis", 3)])
    }
}

extension PositionEmbeddingOp: ONNXLayer {
    /// `Add` of the embedding, stored 1×T×C and `Transpose`d to 1×C×1×T.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let embedding = graph.node(
            "Transpose", name: layer.name,
            inputs: [try graph.weight(layer.name, shape: [1, 1, shape.dims[2], shape.dims[0]])],
            attributes: [ONNXGraphBuilder.ints("perm", [0, 3, 1, 2])])
        return graph.node("Add", name: layer.name, inputs: [input, embedding])
    }
}

extension TokenPoolOp: ONNXLayer {
    /// A `Slice` of the tokens read (the first, or all but the first then `GlobalAveragePool`), `Flatten`ed to N×C.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let bounds = source == .classToken ? [0, 1] : [1, shape.dims[2]]
        var pooled = graph.node(
            "Slice", name: layer.name,
            inputs: [
                input, graph.indices(layer.name + ".start", values: [bounds[0]], shape: [1]),
                graph.indices(layer.name + ".end", values: [bounds[1]], shape: [1]),
                graph.indices(layer.name + ".axes", values: [3], shape: [1]),
            ])
        if source == .patchMean { pooled = graph.node("GlobalAveragePool", name: layer.name, inputs: [pooled]) }
        return graph.node("Flatten", name: layer.name, inputs: [pooled], attributes: [ONNXGraphBuilder.int("axis", 1)])
    }
}
