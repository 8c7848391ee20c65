import TLConfig

/// What the `case:` presets (and `advise`'s fine-tuning pipelines) put where a source network's classifier was: the
/// cut before `classifier`, and the new head's pipeline entries.
public struct CaseHead: Sendable {
    /// The layer the cut goes before (the source's classifier).
    public let classifier: String
    /// Each head entry's keys and values, `op` first; the value `classes` stands for the pipeline's class count.
    public let entries: [[(key: String, value: YAMLScalar)]]

    /// Creates a head that replaces `classifier` with `entries`.
    public init(classifier: String, entries: [[(key: String, value: YAMLScalar)]]) {
        self.classifier = classifier
        self.entries = entries
    }

    /// A new linear layer to the classes, named like the classifier it replaces (so exported keys stay the source's).
    public static func linear(_ classifier: String) -> CaseHead {
        CaseHead(
            classifier: classifier,
            entries: [
                [("op", .string(LinearOp.tag)), ("name", .string(classifier)), ("out_features", .string("classes"))]
            ])
    }

    /// A new linear layer `head.fc` to the classes, after a flatten `head.flatten` when `flattening` (features that
    /// are still maps).
    public static func newLinear(flattening: Bool) -> CaseHead {
        let flatten: [(key: String, value: YAMLScalar)] = [
            ("op", .string(FlattenOp.tag)), ("name", .string("head.flatten")),
        ]
        return CaseHead(classifier: "head.fc", entries: (flattening ? [flatten] : []) + linear("head.fc").entries)
    }

    /// For a cut that keeps a ViT's tokens: LayerNorm `head.norm`, the class token's features `head.pool` and a new
    /// linear layer `head.fc` to the classes.
    public static let tokenPooling = CaseHead(
        classifier: "head.fc",
        entries: [
            [("op", .string(LayerNormOp.tag)), ("name", .string("head.norm"))],
            [("op", .string(TokenPoolOp.tag)), ("name", .string("head.pool"))],
        ] + linear("head.fc").entries)

    /// The head as a YAML flow sequence (`[{op: linear, name: fc, out_features: classes}]`).
    public var flow: String { "[" + values.map(\.flowText).joined(separator: ", ") + "]" }

    /// The head's entries as configuration values.
    public var values: [DefaultValue] { entries.map { .mapping($0.map { ($0.key, .scalar($0.value)) }) } }
}
