/// Convenient read access to configuration trees.
extension YAMLNode {
    /// The pairs of a mapping, or nil for other nodes.
    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = value { return pairs }
        return nil
    }

    /// The items of a sequence, or nil for other nodes.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// The text of a scalar, or nil for collections.
    public var scalarText: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }

    /// The value of the last pair whose key is `key`, for mappings.
    public subscript(key: String) -> YAMLNode? {
        pairs?.last { $0.key.scalarText == key }?.value
    }

    /// The node at `path` below this one, if every step exists.
    public func node(at path: ConfigPath) -> YAMLNode? {
        var node = self
        for component in path.components {
            switch component {
            case .key(let key):
                guard let next = node[key] else { return nil }
                node = next
            case .index(let i):
                guard let items = node.items, items.indices.contains(i) else { return nil }
                node = items[i]
            }
        }
        return node
    }

    /// The deepest existing node along `path` (for pointing at where a missing key belongs).
    public func nearestNode(at path: ConfigPath) -> YAMLNode {
        var node = self
        for component in path.components {
            let next: YAMLNode?
            switch component {
            case .key(let key): next = node[key]
            case .index(let i): next = node.items.flatMap { $0.indices.contains(i) ? $0[i] : nil }
            }
            guard let found = next else { return node }
            node = found
        }
        return node
    }

    /// The resolved string value of a scalar.
    public var string: String? {
        if case .string(let s)? = resolved { return s }
        return nil
    }

    /// The resolved integer value of a scalar.
    public var int: Int? {
        if case .int(let i)? = resolved { return i }
        return nil
    }

    /// The resolved number value of a scalar (integers included).
    public var double: Double? {
        switch resolved {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        default: return nil
        }
    }

    /// The resolved boolean value of a scalar.
    public var bool: Bool? {
        if case .bool(let b)? = resolved { return b }
        return nil
    }

    /// A short description of what the node holds, for "got ..." in messages.
    public var kindDescription: String {
        switch value {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let text, _):
            switch resolved {
            case .null?: return "null (an empty value)"
            case .bool(let b)?: return "the boolean \(b)"
            case .int?, .double?: return "the number \(text)"
            default: return "the string '\(text)'"
            }
        }
    }

    /// Returns a copy with `value` set at `key` (replacing an existing key or appending a new one).
    public func setting(_ key: String, to newValue: YAMLNode, keySpan: SourceSpan? = nil) -> YAMLNode {
        var copy = self
        var pairs = self.pairs ?? []
        if let i = pairs.lastIndex(where: { $0.key.scalarText == key }) {
            pairs[i].value = newValue
        } else {
            let span = keySpan ?? newValue.span
            pairs.append(
                YAMLPair(key: YAMLNode(value: .scalar(key, .plain), span: span, tag: newValue.tag), value: newValue))
        }
        copy.value = .mapping(pairs)
        return copy
    }
}
