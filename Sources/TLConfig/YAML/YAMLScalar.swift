/// A resolved scalar value.
public enum YAMLScalar: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
}

extension YAMLNode {
    /// The scalar's value under the YAML 1.2 core schema; quoted and `!!str` scalars stay strings; nil for collections.
    public var resolved: YAMLScalar? {
        guard case let .scalar(text, style) = value else { return nil }
        guard let tag else { return style == .plain ? YAMLCoreSchema.resolve(text) : .string(text) }
        return YAMLCoreSchema.resolve(text, asTag: tag)
    }
}
