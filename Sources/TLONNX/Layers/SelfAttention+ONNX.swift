import TLGraph

extension SelfAttentionOp: ONNXLayer {
    /// The tokens as N×T×C; `MatMul` by the stacked projections' transpose plus their bias; the result split into
    /// queries, keys and values per head (`Reshape`, `Transpose`, `Gather`); `Softmax` of the scaled `MatMul` of
    /// queries and transposed keys; its `MatMul` by the values; the heads merged back and the output projection; back
    /// to N×C×1×T.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let c = shape.dims[0], width = c / heads, name = layer.name
        func shapeConstant(_ values: [Int]) -> String {
            graph.indices(name + ".shape", values: values, shape: [values.count])
        }
        func transpose(_ value: String, _ perm: [Int]) -> String {
            graph.node("Transpose", name: name, inputs: [value], attributes: [ONNXGraphBuilder.ints("perm", perm)])
        }
        func projection(_ value: String, _ weight: String, _ bias: String, out: Int) throws -> String {
            let product = graph.node(
                "MatMul", name: name, inputs: [value, transpose(try graph.weight(weight, shape: [out, c]), [1, 0])])
            return graph.node("Add", name: name, inputs: [product, try graph.weight(bias, shape: [out])])
        }
        let tokens = transpose(
            graph.node("Reshape", name: name, inputs: [input, shapeConstant([0, c, -1])]), [0, 2, 1])
        let stacked = try projection(tokens, name + ".in_proj_weight", name + ".in_proj_bias", out: 3 * c)
        let heads = transpose(
            graph.node("Reshape", name: name, inputs: [stacked, shapeConstant([0, 0, 3, self.heads, width])]),
            [2, 0, 3, 1, 4])
        let parts = (0..<3).map { index in
            graph.node(
                "Gather", name: name,
                inputs: [heads, graph.indices(name + ".part", values: [index], shape: [])],
                attributes: [ONNXGraphBuilder.int("axis", 0)])
        }
        let scores = graph.node(
            "Mul", name: name,
            inputs: [
                graph.node("MatMul", name: name, inputs: [parts[0], transpose(parts[1], [0, 1, 3, 2])]),
                graph.constant(name + ".scale", values: [1 / Float(width).squareRoot()], shape: []),
            ])
        let probabilities = graph.node(
            "Softmax", name: name, inputs: [scores], attributes: [ONNXGraphBuilder.int("axis", -1)])
        let mixed = graph.node("MatMul", name: name, inputs: [probabilities, parts[2]])
        let merged = graph.node(
            "Reshape", name: name, inputs: [transpose(mixed, [0, 2, 1, 3]), shapeConstant([0, 0, c])])
        let result = try projection(merged, name + ".out_proj.weight", name + ".out_proj.bias", out: c)
        return graph.node(
            "Reshape", name: name, inputs: [transpose(result, [0, 2, 1]), shapeConstant([0, c, 1, -1])])
    }
}
