/// Applies YAML merge keys (`<<: *base` or `<<: [*base, *extra]`) to the pairs of a finished mapping.
///
/// Explicit keys win over merged ones, and mappings merged earlier win over those merged later.
enum YAMLMergeKeys {
    /// The pairs with every merge key replaced, in place, by the pairs it merges in that no earlier key already has.
    static func apply(to pairs: [YAMLPair]) throws -> [YAMLPair] {
        guard pairs.contains(where: { isMergeKey($0.key) }) else { return pairs }
        var takenKeys = Set(pairs.lazy.filter { !isMergeKey($0.key) }.compactMap { KeyIdentity($0.key) })
        var merged: [YAMLPair] = []
        for pair in pairs {
            guard isMergeKey(pair.key) else {
                merged.append(pair)
                continue
            }
            for source in try mappings(mergedBy: pair.value) {
                for candidate in source {
                    guard let identity = KeyIdentity(candidate.key) else {
                        merged.append(candidate)
                        continue
                    }
                    if takenKeys.insert(identity).inserted {
                        merged.append(candidate)
                    }
                }
            }
        }
        return merged
    }

    private static func isMergeKey(_ key: YAMLNode) -> Bool {
        guard case .scalar("<<", .plain) = key.value else { return false }
        return key.tag == nil || key.tag == "!!merge"
    }

    /// The pairs of each mapping a merge key's value names, in order.
    private static func mappings(mergedBy value: YAMLNode) throws -> [[YAMLPair]] {
        switch value.value {
        case let .mapping(pairs):
            return [pairs]
        case let .sequence(items):
            return try items.map { item in
                guard case let .mapping(pairs) = item.value else {
                    throw YAMLError(
                        YAMLErrorCode.merge,
                        "each item of a merge key '<<' list must be a mapping, found \(kindName(item)) (write '<<: [*base, *extra]' with anchors on mappings)",
                        at: item.span)
                }
                return pairs
            }
        case .scalar:
            throw YAMLError(
                YAMLErrorCode.merge,
                "the value of a merge key '<<' must be a mapping or a list of mappings, found \(kindName(value)) (write '<<: *base' with an anchor on a mapping, or quote '<<' to use it as a plain key)",
                at: value.span)
        }
    }

    private static func kindName(_ node: YAMLNode) -> String {
        switch node.value {
        case .scalar: return "a scalar"
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        }
    }

    /// What makes two scalar keys the same key: their resolved value.
    private enum KeyIdentity: Hashable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)

        /// The identity of a scalar key; nil for a sequence or mapping key, which never counts as a duplicate.
        init?(_ key: YAMLNode) {
            switch key.resolved {
            case .null: self = .null
            case let .bool(value): self = .bool(value)
            case let .int(value): self = .int(value)
            case let .double(value): self = .double(value)
            case let .string(value): self = .string(value)
            case nil: return nil
            }
        }
    }
}
