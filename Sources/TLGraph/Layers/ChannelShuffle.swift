import TLConfig

/// Channel shuffle (torch.nn.ChannelShuffle, ShuffleNet's `channel_shuffle`): the C channels seen as groups ×
/// C/groups and transposed, so output channel j is input channel (j mod groups)·C/groups + j / groups.
public struct ChannelShuffleOp: LayerOperation, LayerSyntax, Equatable {
    public var groups: Int

    /// The group count's key.
    static let groupCount = SchemaKey<Int>(
        "groups", .integer(min: 1), required: true, doc: "Groups the channels are dealt from (must divide them).")

    /// Creates a shuffle of `groups` groups.
    public init(groups: Int) { self.groups = groups }

    public var kind: String { Self.tag }
    public static let tag = "channel_shuffle"
    public static let schema = LayerSchema.op(
        "Channel shuffle (torch.nn.ChannelShuffle): interleaves the channels of `groups` groups.", [groupCount])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { ChannelShuffleOp(groups: $0[groupCount] ?? 1) }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        let channels = step.input.dims[0]
        guard channels % groups == 0 else {
            inference.problem(
                "shape/groups", step, key: "groups",
                "\(step.subject): groups \(groups) must divide the \(channels) input channels",
                expected: "a divisor of \(channels)", got: "\(groups)")
            return nil
        }
        return inference.record(step, self, output: step.input)
    }
}
