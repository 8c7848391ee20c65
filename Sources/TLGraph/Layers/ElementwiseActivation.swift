import TLConfig

/// An activation without settings applied to each element (ReLU, ReLU6, sigmoid, tanh, softplus): written as
/// `{op: <tag>}`, its output has the input's shape.
public protocol ElementwiseActivation: LayerOperation, LayerSyntax, Equatable {
    /// The activation.
    init()
}

extension ElementwiseActivation {
    public var kind: String { Self.tag }

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { _ in Self() }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        inference.record(step, self, output: step.input)
    }
}
