/// Lists every value of a resolved configuration with where it came from (`summary --explain`).
public enum ConfigExplainer {
    /// One value: its key path, its text, and its origin (`file:line:col`, `--set ...`, `(default)`, `(case N)`).
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var value: String
        public var origin: String
    }

    /// Every scalar (and empty collection) of `root`, in file order.
    public static func entries(_ root: YAMLNode) -> [Entry] {
        var out: [Entry] = []
        walk(root, .root, into: &out)
        return out
    }

    private static func origin(_ span: SourceSpan) -> String {
        span.isSynthesized || span.file.hasPrefix("--set ") ? span.file : "\(span.file):\(span.start)"
    }

    private static func walk(_ node: YAMLNode, _ path: ConfigPath, into out: inout [Entry]) {
        switch node.value {
        case .scalar(let text, _):
            out.append(Entry(path: path.description, value: text, origin: origin(node.span)))
        case .sequence(let items):
            if items.isEmpty { out.append(Entry(path: path.description, value: "[]", origin: origin(node.span))) }
            for (i, item) in items.enumerated() { walk(item, path.index(i), into: &out) }
        case .mapping(let pairs):
            if pairs.isEmpty { out.append(Entry(path: path.description, value: "{}", origin: origin(node.span))) }
            for pair in pairs { walk(pair.value, path.key(pair.key.scalarText ?? "?"), into: &out) }
        }
    }
}
