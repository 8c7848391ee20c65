import TLGraph

extension ReLUOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        graph.node("Relu", name: layer.name, inputs: [input])
    }
}

extension LeakyReLUOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        graph.node("LeakyRelu", name: layer.name, inputs: [input], attributes: [ONNXGraphBuilder.float("alpha", slope)])
    }
}

extension ReLU6Op: ONNXLayer {
    /// `Clip` between the constants 0 and 6 (bounds are inputs from opset 11).
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let low = graph.constant(layer.name + ".min", values: [0], shape: [])
        let high = graph.constant(layer.name + ".max", values: [6], shape: [])
        return graph.node("Clip", name: layer.name, inputs: [input, low, high])
    }
}

extension HardswishOp: ONNXLayer {
    /// x times `HardSigmoid` (alpha 1/6, beta 1/2), which every opset the export writes has (`HardSwish` needs 14).
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let gate = HardsigmoidOp.node(layer.name + ".gate", input: input, into: &graph)
        return graph.node("Mul", name: layer.name, inputs: [input, gate])
    }
}

extension HardsigmoidOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        Self.node(layer.name, input: input, into: &graph)
    }

    /// ONNX's `HardSigmoid` with PyTorch's slope 1/6 and offset 1/2.
    static func node(_ name: String, input: String, into graph: inout ONNXGraphBuilder) -> String {
        graph.node(
            "HardSigmoid", name: name, inputs: [input],
            attributes: [ONNXGraphBuilder.float("alpha", 1.0 / 6), ONNXGraphBuilder.float("beta", 0.5)])
    }
}

extension SiLUOp: ONNXLayer {
    /// x times `Sigmoid(x)`.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        let gate = graph.node("Sigmoid", name: layer.name + ".gate", inputs: [input])
        return graph.node("Mul", name: layer.name, inputs: [input, gate])
    }
}

extension SigmoidOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        graph.node("Sigmoid", name: layer.name, inputs: [input])
    }
}

extension TanhOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        graph.node("Tanh", name: layer.name, inputs: [input])
    }
}

extension SoftplusOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        graph.node("Softplus", name: layer.name, inputs: [input])
    }
}

extension GELUOp: ONNXLayer {
    /// ONNX's `Gelu` from opset 20; before it the same formula in elementary operators: x · (1 + erf(x / √2)) / 2, or
    /// with the tanh approximation x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))) / 2.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        guard graph.opset < 20 else {
            return graph.node(
                "Gelu", name: layer.name, inputs: [input],
                attributes: [ONNXGraphBuilder.string("approximate", tanh ? "tanh" : "none")])
        }
        func scalar(_ value: Double) -> String { graph.constant(layer.name + ".c", values: [Float(value)], shape: []) }
        func node(_ op: String, _ inputs: String...) -> String { graph.node(op, name: layer.name, inputs: inputs) }
        let unit: String
        if tanh {
            let cube = node("Mul", input, node("Mul", input, input))
            let inner = node("Add", input, node("Mul", cube, scalar(0.044715)))
            unit = node("Tanh", node("Mul", inner, scalar((2 / Double.pi).squareRoot())))
        } else {
            unit = node("Erf", node("Div", input, scalar(2.0.squareRoot())))
        }
        return node("Mul", node("Mul", input, node("Add", unit, scalar(1))), scalar(0.5))
    }
}

extension StochasticDepthOp: ONNXLayer {
    /// Stochastic depth is the identity outside training: no node.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    { input }
}

extension DropoutOp: ONNXLayer {
    /// Dropout is the identity outside training: no node.
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    { input }
}

extension FlattenOp: ONNXLayer {
    package func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws
        -> String
    {
        graph.node("Flatten", name: layer.name, inputs: [input], attributes: [ONNXGraphBuilder.int("axis", 1)])
    }
}
