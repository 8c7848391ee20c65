import TLGraph

extension ChannelShuffleOp: ONNXLayer {
    /// `Gather` of the shuffled channel order along the channels.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let channels = shape.dims[0], perGroup = channels / groups
        return gatherChannels(
            (0..<channels).map { ($0 % groups) * perGroup + $0 / groups }, layer: layer, input: input, into: &graph)
    }
}

extension ChannelChunkOp: ONNXLayer {
    /// `Gather` of the run's channels.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let channels = shape.dims[0], start = offset(channels: channels)
        return gatherChannels(Array(start..<start + channels / chunks), layer: layer, input: input, into: &graph)
    }
}

/// A `Gather` along the channels of `input` of the channels `sources`, in order.
private func gatherChannels(_ sources: [Int], layer: Layer, input: String, into graph: inout ONNXGraphBuilder)
    -> String
{
    let indices = graph.indices(layer.name + ".channels", values: sources, shape: [sources.count])
    return graph.node(
        "Gather", name: layer.name, inputs: [input, indices], attributes: [ONNXGraphBuilder.int("axis", 1)])
}
