import TLGraph

extension PatchMergingOp: ONNXLayer {
    /// The map `Pad`ded to an even height and width, its four quarters `Slice`d with step 2 and `Concat`enated along
    /// the channels in torchvision's order.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let name = layer.name, oddRows = shape.dims[1] % 2, oddColumns = shape.dims[2] % 2
        var map = input
        if oddRows + oddColumns > 0 {
            map = graph.node(
                "Pad", name: name,
                inputs: [
                    map, graph.indices(name + ".pads", values: [0, 0, 0, 0, 0, 0, oddRows, oddColumns], shape: [8]),
                ])
        }
        let quarters = Self.quarters.map { dy, dx in
            graph.node(
                "Slice", name: name,
                inputs: [
                    map, graph.indices(name + ".start", values: [dy, dx], shape: [2]),
                    graph.indices(name + ".end", values: [shape.dims[1] + 1, shape.dims[2] + 1], shape: [2]),
                    graph.indices(name + ".axes", values: [2, 3], shape: [2]),
                    graph.indices(name + ".steps", values: [2, 2], shape: [2]),
                ])
        }
        return graph.node("Concat", name: name, inputs: quarters, attributes: [ONNXGraphBuilder.int("axis", 1)])
    }
}
