import TLConfig

/// The features a head reads from a C×1×T token map: the class token's (torchvision's `x[:, 0]`) or the mean of the
/// other tokens (the patch tokens); the output is N×C. A head after a cut at a ViT's encoder block starts with it.
public struct TokenPoolOp: LayerOperation, LayerSyntax, Equatable {
    /// Which features.
    public enum Source: String, Sendable {
        case classToken = "class_token"
        case patchMean = "patch_mean"
    }

    public var source: Source

    /// Creates the pooling of `source`.
    public init(_ source: Source) { self.source = source }

    public var kind: String { Self.tag }
    public static let tag = "token_pool"
    static let sourceKey = DefaultedKey(
        "source", .enumeration([Source.classToken.rawValue, Source.patchMean.rawValue]),
        default: Source.classToken.rawValue,
        doc: "The class token's features (`class_token`) or the mean of the patch tokens (`patch_mean`).")
    public static let schema = LayerSchema.op(
        "The features of a ViT's tokens (N×C×1×T) for a head: the class token's, or the mean of the patch tokens.",
        [sourceKey])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { TokenPoolOp(Source(rawValue: $0[sourceKey]) ?? .classToken) }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard TokenMap.check(step, &inference) else { return nil }
        guard source == .classToken || step.input.dims[2] > 1 else {
            inference.problem(
                "shape/tokens", step, key: nil, "\(step.subject) averages the patch tokens but there are none",
                expected: "at least 2 tokens", got: step.input.description)
            return nil
        }
        return inference.record(step, self, output: TensorShape([step.input.dims[0]]))
    }
}
