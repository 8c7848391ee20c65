/// Limits that keep hostile input bounded.
public struct YAMLLimits: Sendable, Equatable {
    /// The largest input accepted, in bytes.
    public var maxBytes: Int
    /// The deepest nesting of sequences and mappings accepted (after alias expansion).
    public var maxDepth: Int
    /// The most nodes a document may hold once every alias is expanded.
    public var maxNodes: Int
    /// The most scalar text, in bytes, a document may hold once every alias is expanded.
    public var maxExpandedBytes: Int

    /// Creates limits; each defaults to the value in `YAMLLimits.default`.
    public init(
        maxBytes: Int = 1_048_576, maxDepth: Int = 128, maxNodes: Int = 200_000, maxExpandedBytes: Int = 16_777_216
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxExpandedBytes = maxExpandedBytes
    }

    /// 1 MiB of input, 128 nesting levels, 200,000 expanded nodes and 16 MiB of expanded scalar text.
    public static let `default` = YAMLLimits()
}
