/// Fills absent sections along an override's path with their schema defaults before the override applies,
/// so `--set optimizer.lr=0.01` on a file without `optimizer` keeps the default optimizer type.
enum SchemaDefaults {
    /// `root` with every absent mapping on `path` (except the last step) set to its default, when it has one.
    static func seed(_ root: YAMLNode, along path: ConfigPath, schema: ObjectSchema) -> YAMLNode {
        guard let first = path.components.first, case .key(let key) = first, path.components.count > 1,
            root.pairs != nil, let field = schema.field(key)
        else { return root }
        let rest = ConfigPath(components: Array(path.components.dropFirst()))
        if let child = root[key] {
            guard case .object(let inner) = field.type else { return root }
            return root.setting(key, to: seed(child, along: rest, schema: inner))
        }
        guard let value = field.defaultValue, case .mapping = value else { return root }
        let span = root.span.synthesized(by: SourceSpan.defaultOrigin)
        var filled = DefaultNodes.node(value, at: span)
        if case .object(let inner) = field.type { filled = seed(filled, along: rest, schema: inner) }
        return root.setting(key, to: filled, keySpan: span)
    }
}
