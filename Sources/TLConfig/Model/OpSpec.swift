/// One `op:` entry as written: a layer (inline model or head), a transform or an augmentation.
public struct OpSpec: Sendable {
    /// The operation, such as `conv2d`.
    public var op: String
    /// The name given in the file, if any.
    public var name: String?
    /// The checked node (defaults filled in), for reading the op's keys.
    public var node: YAMLNode
    /// Where the layer is in the configuration, such as `head[1]`.
    public var path: ConfigPath

    /// Reads a layer from a checked node; nil when the node has no valid `op`.
    public init?(node: YAMLNode, path: ConfigPath) {
        guard let op = node["op"]?.string else { return nil }
        self.op = op
        self.name = node["name"]?.string
        self.node = node
        self.path = path
    }

    /// Reads `n` or `[h, w]` as (h, w).
    public static func pair(_ node: YAMLNode) -> (Int, Int)? {
        if let n = node.int { return (n, n) }
        if let items = node.items, items.count == 2, let h = items[0].int, let w = items[1].int { return (h, w) }
        return nil
    }

    /// The configuration path of one of this layer's keys.
    public func path(of key: String) -> ConfigPath { path.key(key) }
}

/// Reads a list of `op:` entries from a checked node, skipping entries the schema check already reported.
public func opSpecs(_ node: YAMLNode?, at path: ConfigPath) -> [OpSpec] {
    (node?.items ?? []).enumerated().compactMap { OpSpec(node: $1, path: path.index($0)) }
}
