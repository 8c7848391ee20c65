import Foundation
import TLGraph

extension WindowAttentionOp: ONNXLayer {
    /// torchvision's `shifted_window_attention` in ONNX operators: the map `Transpose`d channels-last, `Pad`ded to
    /// whole windows, rolled (`Slice` and `Concat`), cut into windows (`Reshape`, `Transpose`); `MatMul` by `qkv`'s
    /// transpose plus its bias, split per head; the scaled `MatMul` of queries and transposed keys plus the bias table
    /// `Gather`ed by the relative position index (and the mask when rolled); `Softmax`, `MatMul` by the values, heads
    /// merged, `proj`; the windows put back, rolled back, cropped and `Transpose`d to N×C×H×W. Swin V2's: the keys'
    /// bias masked out (`Mul`), queries and keys divided by their lengths (at least 1e-12) and the products scaled by
    /// `Exp` of the clamped logit scale; the table `16·Sigmoid` of the bias MLP (`MatMul`, `Add`, `Relu`, `MatMul`).
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let c = shape.dims[0], width = c / heads, name = layer.name
        let partition = WindowPartition(height: shape.dims[1], width: shape.dims[2], window: window, shift: shift)
        let (wh, ww, t) = (partition.windowHeight, partition.windowWidth, partition.tokens)
        let (ph, pw) = (partition.paddedHeight, partition.paddedWidth)
        func shaped(_ value: String, _ dims: [Int]) -> String {
            graph.node(
                "Reshape", name: name,
                inputs: [value, graph.indices(name + ".shape", values: dims, shape: [dims.count])])
        }
        func transpose(_ value: String, _ perm: [Int]) -> String {
            graph.node("Transpose", name: name, inputs: [value], attributes: [ONNXGraphBuilder.ints("perm", perm)])
        }
        func slice(_ value: String, axis: Int, from start: Int, to end: Int) -> String {
            graph.node(
                "Slice", name: name,
                inputs: [
                    value, graph.indices(name + ".start", values: [start], shape: [1]),
                    graph.indices(name + ".end", values: [end], shape: [1]),
                    graph.indices(name + ".axes", values: [axis], shape: [1]),
                ])
        }
        /// `value` rolled by `by` (towards lower indices when positive) along `axis` of length `length`.
        func roll(_ value: String, axis: Int, by: Int, length: Int) -> String {
            guard by % length != 0 else { return value }
            let cut = (by + length) % length
            return graph.node(
                "Concat", name: name,
                inputs: [slice(value, axis: axis, from: cut, to: length), slice(value, axis: axis, from: 0, to: cut)],
                attributes: [ONNXGraphBuilder.int("axis", axis)])
        }
        func product(_ value: String, _ weight: String, _ shape: [Int]) throws -> String {
            graph.node(
                "MatMul", name: name, inputs: [value, transpose(try graph.weight(weight, shape: shape), [1, 0])])
        }
        func projection(_ value: String, _ prefix: String, out: Int) throws -> String {
            var bias = try graph.weight(name + prefix + ".bias", shape: [out])
            if cosine && prefix == ".qkv" {
                let keysLeftOut = (0..<out).map { $0 / c == 1 ? Float(0) : 1 }
                bias = graph.node(
                    "Mul", name: name,
                    inputs: [bias, graph.constant(name + ".keys_left_out", values: keysLeftOut, shape: [out])])
            }
            return graph.node(
                "Add", name: name, inputs: [try product(value, name + prefix + ".weight", [out, c]), bias])
        }
        /// Each row of `value` (… × d) divided by its length, at least 1e-12 (F.normalize).
        func normalized(_ value: String) -> String {
            let squares = graph.node("Mul", name: name, inputs: [value, value])
            let sums = graph.node(
                "MatMul", name: name,
                inputs: [
                    squares,
                    graph.constant(name + ".ones", values: Array(repeating: 1, count: width), shape: [width, 1]),
                ])
            let length = graph.node(
                "Max", name: name,
                inputs: [
                    graph.node("Sqrt", name: name, inputs: [sums]),
                    graph.constant(name + ".eps", values: [1e-12], shape: []),
                ])
            return graph.node("Div", name: name, inputs: [value, length])
        }
        var map = transpose(input, [0, 2, 3, 1])
        if ph != shape.dims[1] || pw != shape.dims[2] {
            map = graph.node(
                "Pad", name: name,
                inputs: [
                    map,
                    graph.indices(
                        name + ".pads", values: [0, 0, 0, 0, 0, ph - shape.dims[1], pw - shape.dims[2], 0], shape: [8]),
                ])
        }
        map = roll(
            roll(map, axis: 1, by: partition.shiftDown, length: ph), axis: 2, by: partition.shiftRight, length: pw)
        let rows = partition.windowRows, columns = partition.windowColumns
        let windows = shaped(transpose(shaped(map, [-1, rows, wh, columns, ww, c]), [0, 1, 3, 2, 4, 5]), [-1, t, c])
        let stacked = transpose(
            shaped(try projection(windows, ".qkv", out: 3 * c), [-1, t, 3, heads, width]), [2, 0, 3, 1, 4])
        let parts = (0..<3).map { index in
            graph.node(
                "Gather", name: name, inputs: [stacked, graph.indices(name + ".part", values: [index], shape: [])],
                attributes: [ONNXGraphBuilder.int("axis", 0)])
        }
        let (queries, keys) = cosine ? (normalized(parts[0]), normalized(parts[1])) : (parts[0], parts[1])
        let scale =
            cosine
            ? graph.node(
                "Exp", name: name,
                inputs: [
                    graph.node(
                        "Min", name: name,
                        inputs: [
                            try graph.weight(name + ".logit_scale", shape: [heads, 1, 1]),
                            graph.constant(name + ".largest_logit", values: [Float(log(100.0))], shape: []),
                        ])
                ])
            : graph.constant(name + ".scale", values: [1 / Float(width).squareRoot()], shape: [])
        var scores = graph.node(
            "Mul", name: name,
            inputs: [graph.node("MatMul", name: name, inputs: [queries, transpose(keys, [0, 1, 3, 2])]), scale])
        let table =
            try cosine
            ? continuousTable(name, into: &graph)
            : graph.weight(
                name + ".relative_position_bias_table", shape: [partition.relativeOffsets, heads])
        var bias = transpose(
            graph.node(
                "Gather", name: name,
                inputs: [
                    table,
                    graph.indices(
                        name + ".relative_position_index", values: partition.relativePositionIndex, shape: [t, t]),
                ], attributes: [ONNXGraphBuilder.int("axis", 0)]), [2, 0, 1])
        if let mask = partition.mask {
            bias = graph.node(
                "Add", name: name,
                inputs: [bias, graph.constant(name + ".mask", values: mask, shape: [partition.windowCount, 1, t, t])])
            scores = shaped(
                graph.node(
                    "Add", name: name, inputs: [shaped(scores, [-1, partition.windowCount, heads, t, t]), bias]),
                [-1, heads, t, t])
        } else {
            scores = graph.node("Add", name: name, inputs: [scores, bias])
        }
        let probabilities = graph.node(
            "Softmax", name: name, inputs: [scores], attributes: [ONNXGraphBuilder.int("axis", -1)])
        let mixed = graph.node("MatMul", name: name, inputs: [probabilities, parts[2]])
        let result = try projection(shaped(transpose(mixed, [0, 2, 1, 3]), [-1, t, c]), ".proj", out: c)
        var back = shaped(
            transpose(shaped(result, [-1, rows, columns, wh, ww, c]), [0, 1, 3, 2, 4, 5]), [-1, ph, pw, c])
        back = roll(
            roll(back, axis: 1, by: -partition.shiftDown, length: ph), axis: 2, by: -partition.shiftRight, length: pw)
        if ph != shape.dims[1] { back = slice(back, axis: 1, from: 0, to: shape.dims[1]) }
        if pw != shape.dims[2] { back = slice(back, axis: 2, from: 0, to: shape.dims[2]) }
        return transpose(back, [0, 3, 1, 2])
    }

    /// Swin V2's bias table (offsets × heads): 16·sigmoid of `cpb_mlp` of `relative_coords_table`.
    private func continuousTable(_ name: String, into graph: inout ONNXGraphBuilder) throws -> String {
        let offsets = windowShape.relativeOffsets, hiddenWidth = Self.biasHiddenWidth
        func transposed(_ weight: String, _ shape: [Int]) throws -> String {
            graph.node(
                "Transpose", name: name, inputs: [try graph.weight(weight, shape: shape)],
                attributes: [ONNXGraphBuilder.ints("perm", [1, 0])])
        }
        let coordinates = try graph.weight(name + ".relative_coords_table", shape: [offsets, 2])
        let hidden = graph.node(
            "Relu", name: name,
            inputs: [
                graph.node(
                    "Add", name: name,
                    inputs: [
                        graph.node(
                            "MatMul", name: name,
                            inputs: [coordinates, try transposed(name + ".cpb_mlp.0.weight", [hiddenWidth, 2])]),
                        try graph.weight(name + ".cpb_mlp.0.bias", shape: [hiddenWidth]),
                    ])
            ])
        let logits = graph.node(
            "MatMul", name: name, inputs: [hidden, try transposed(name + ".cpb_mlp.2.weight", [heads, hiddenWidth])])
        return graph.node(
            "Mul", name: name,
            inputs: [
                graph.node("Sigmoid", name: name, inputs: [logits]),
                graph.constant(name + ".sixteen", values: [16], shape: []),
            ])
    }
}
