/// The style a scalar was written in.
public enum YAMLScalarStyle: Sendable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// A node of a parsed YAML document with its source span.
public struct YAMLNode: Sendable {
    /// The content of a node: a scalar, a sequence or a mapping.
    public enum Value: Sendable {
        case scalar(String, YAMLScalarStyle)
        case sequence([YAMLNode])
        /// Pairs in file order; duplicate keys are kept so the caller can report them.
        case mapping([YAMLPair])
    }

    public var value: Value
    /// Where the node was written (for an alias: where the alias was written).
    public var span: SourceSpan
    /// The explicit tag, with the standard prefix shortened to `!!` (e.g. `!!str`); nil when untagged.
    public var tag: String?

    /// Creates a node from its value, span and optional tag.
    public init(value: Value, span: SourceSpan, tag: String? = nil) {
        self.value = value
        self.span = span
        self.tag = tag
    }
}

/// A key/value pair of a mapping.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    /// Creates a pair from a key node and a value node.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
