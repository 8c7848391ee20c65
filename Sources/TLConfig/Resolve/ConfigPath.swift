/// A key path into a configuration tree, such as `head[1].out_features`.
public struct ConfigPath: Hashable, Sendable, CustomStringConvertible {
    /// One step of a path: a mapping key or a list index.
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    /// The root path.
    public static let root = ConfigPath(components: [])

    /// Creates a path from its components.
    public init(components: [Component]) { self.components = components }

    /// Parses a dotted path; `a.b[2].c` and `a.b.2.c` are the same path.
    public init(parsing text: String) {
        var parts: [Component] = []
        for piece in text.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(piece)
            var indices: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "["),
                let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)])
            {
                indices.insert(i, at: 0)
                name = name[..<open]
            }
            if let i = Int(name) { parts.append(.index(i)) } else { parts.append(.key(String(name))) }
            parts.append(contentsOf: indices.map(Component.index))
        }
        components = parts
    }

    /// This path extended by a key.
    public func key(_ name: String) -> ConfigPath { ConfigPath(components: components + [.key(name)]) }

    /// This path extended by a list index.
    public func index(_ i: Int) -> ConfigPath { ConfigPath(components: components + [.index(i)]) }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let name): text += text.isEmpty ? name : "." + name
            case .index(let i): text += "[\(i)]"
            }
        }
        return text.isEmpty ? "(root)" : text
    }
}
