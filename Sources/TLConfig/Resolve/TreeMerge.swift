/// Deep-merges configuration trees the way `extends:` defines it.
public enum TreeMerge {
    /// Keys whose value names the kind of a mapping: a base mapping of another kind is replaced, not merged.
    static let kindKeys = ["type", "op"]

    /// Merges `overlay` over `base`: mappings merge key by key (overlay wins), lists and scalars replace.
    public static func merge(_ base: YAMLNode, _ overlay: YAMLNode) -> YAMLNode {
        guard let basePairs = base.pairs, let overlayPairs = overlay.pairs, sameKind(base, overlay) else {
            return overlay
        }
        var result = basePairs
        for pair in overlayPairs {
            if let i = result.lastIndex(where: {
                $0.key.scalarText == pair.key.scalarText && pair.key.scalarText != nil
            }) {
                result[i] = YAMLPair(key: pair.key, value: merge(result[i].value, pair.value))
            } else {
                result.append(pair)
            }
        }
        var merged = overlay
        merged.value = .mapping(result)
        return merged
    }

    private static func sameKind(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        kindKeys.allSatisfy { key in
            guard let mine = b[key]?.scalarText, let theirs = a[key]?.scalarText else { return true }
            return mine == theirs
        }
    }
}
