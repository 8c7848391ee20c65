/// Multi-head self-attention over the tokens of a C×1×T token map, with torch.nn.MultiheadAttention's tensors: the
/// query, key and value projections stacked in `in_proj_weight` (3C×C) and `in_proj_bias`, then `out_proj`. Each of
/// `heads` heads attends with C/heads channels: softmax(Q·Kᵀ/√(C/heads))·V.
public struct SelfAttentionOp: LayerOperation, Equatable {
    public var heads: Int
    public var channels: Int?

    /// Creates self-attention with `heads` heads.
    public init(heads: Int, channels: Int? = nil) {
        self.heads = heads
        self.channels = channels
    }

    public var kind: String { "self_attention" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard TokenMap.check(step, &inference) else { return nil }
        let c = step.input.dims[0], t = step.input.dims[2]
        guard Self.checkHeads(heads, step, &inference) else { return nil }
        channels = c
        // The projections (4·T·C² together) and the two products over the tokens (2·T²·C).
        guard let projections = inference.cost(step, [4, t, c, c], key: nil),
            let products = inference.cost(step, [2, t, t, c], key: nil)
        else { return nil }
        return inference.record(step, self, output: step.input, macs: projections + products)
    }

    /// Whether `heads` heads split the input's channels evenly; reports the problem when they do not.
    static func checkHeads(_ heads: Int, _ step: ShapeStep, _ inference: inout ShapeInference) -> Bool {
        let c = step.input.dims[0]
        guard heads >= 1, c % heads == 0 else {
            inference.problem(
                "shape/heads", step, key: "heads", "\(step.subject) splits \(c) channels into \(heads) heads",
                expected: "a number of heads that divides \(c)", got: "\(heads)")
            return false
        }
        return true
    }

    /// torch.nn.MultiheadAttention's tensors: Xavier-uniform stacked projections and zero biases, `out_proj` as
    /// torch.nn.Linear with a zero bias.
    public func parameters(named name: String) -> [ParameterInfo] {
        let c = channels ?? 0
        return [
            ParameterInfo(
                name: name + ".in_proj_weight", shape: [3 * c, c],
                initial: .uniformWithin((6.0 / Double(max(1, 4 * c))).squareRoot())),
            ParameterInfo(name: name + ".in_proj_bias", shape: [3 * c], initial: .zeros),
            ParameterInfo(name: name + ".out_proj.weight", shape: [c, c], initial: .uniform(fanIn: max(1, c))),
            ParameterInfo(name: name + ".out_proj.bias", shape: [c], initial: .zeros),
        ]
    }
}
