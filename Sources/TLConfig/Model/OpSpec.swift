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

    /// An integer key, or `fallback` when absent or mistyped.
    public func int(_ key: String, _ fallback: Int) -> Int { node[key]?.int ?? fallback }

    /// An optional integer key.
    public func optionalInt(_ key: String) -> Int? { node[key]?.int }

    /// A number key, or `fallback`.
    public func double(_ key: String, _ fallback: Double) -> Double { node[key]?.double ?? fallback }

    /// A boolean key, or `fallback`.
    public func bool(_ key: String, _ fallback: Bool) -> Bool { node[key]?.bool ?? fallback }

    /// A string key, or `fallback`.
    public func string(_ key: String, _ fallback: String) -> String { node[key]?.string ?? fallback }

    /// A size key written as `n` or `[h, w]`, as (h, w); nil when absent or mistyped.
    public func pair(_ key: String) -> (Int, Int)? { node[key].flatMap(Self.pair) }

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
