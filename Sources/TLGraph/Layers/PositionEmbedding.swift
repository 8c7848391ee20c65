/// A learned embedding added to each token of a C×1×T token map (torchvision's `encoder.pos_embedding`, 1×T×C, the
/// tensor named as the layer). The number of tokens is the checkpoint's: another input size changes it, and the
/// loader then interpolates the embedding (see `PositionEmbeddingResize`).
public struct PositionEmbeddingOp: LayerOperation, Equatable {
    public var tokens: Int?
    public var channels: Int?

    /// Creates a position embedding (sizes from shape inference).
    public init(tokens: Int? = nil, channels: Int? = nil) {
        self.tokens = tokens
        self.channels = channels
    }

    public var kind: String { "position_embedding" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard TokenMap.check(step, &inference) else { return nil }
        channels = step.input.dims[0]
        tokens = step.input.dims[2]
        return inference.record(step, self, output: step.input)
    }

    /// The embedding is named as the layer is; torchvision starts it normal with standard deviation 0.02.
    public func parameters(named name: String) -> [ParameterInfo] {
        [ParameterInfo(name: name, shape: [1, tokens ?? 0, channels ?? 0], initial: .normal(std: 0.02, bound: nil))]
    }
}

/// Token maps: C×1×T, one token per position along the width.
enum TokenMap {
    /// True when the step's input is a token map; reports the problem otherwise.
    static func check(_ step: ShapeStep, _ inference: inout ShapeInference) -> Bool {
        if step.input.isImage && step.input.dims[1] == 1 { return true }
        inference.problem(
            "shape/tokens", step, key: nil, "\(step.subject) needs tokens (N×C×1×T) but gets \(step.input)",
            expected: "N×C×1×T", got: step.input.description,
            hint: "put it after a class_token patch embedding")
        return false
    }
}
