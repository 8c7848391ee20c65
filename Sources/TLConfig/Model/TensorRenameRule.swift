/// One `source.rename` entry: what it does to a tensor name, and where the file writes it.
public struct TensorRenameRule: Sendable, Equatable {
    /// What a rule does to one tensor name.
    public enum Action: Sendable, Equatable {
        /// `{strip_prefix: P}`: removes `P` from a name that starts with it.
        case stripPrefix(String)
        /// `{regex: P, replace: T}`: replaces every match of `P` by the template `T`.
        case replace(pattern: String, template: String)
        /// `{drop: P}`: the tensor is ignored when `P` matches its name.
        case drop(pattern: String)
    }

    /// What the rule does.
    public var action: Action
    /// Where the rule is in the configuration, such as `source.rename[1]`.
    public var path: ConfigPath

    /// Creates a rule at `path`.
    public init(_ action: Action, path: ConfigPath = .root) {
        self.action = action
        self.path = path
    }

    /// Reads a rule from a checked node; nil when the node is none of the three forms.
    init?(node: YAMLNode, path: ConfigPath) {
        if let prefix = node["strip_prefix"]?.string {
            action = .stripPrefix(prefix)
        } else if let pattern = node["regex"]?.string, let template = node["replace"]?.string {
            action = .replace(pattern: pattern, template: template)
        } else if let pattern = node["drop"]?.string {
            action = .drop(pattern: pattern)
        } else {
            return nil
        }
        self.path = path
    }

    /// The regular expression the rule uses and the key that holds it; nil for `strip_prefix`.
    public var pattern: (key: String, text: String)? {
        switch action {
        case .stripPrefix: return nil
        case .replace(let pattern, _): return ("regex", pattern)
        case .drop(let pattern): return ("drop", pattern)
        }
    }

    /// The rule as a pipeline writes it, such as `{drop: "^aux\\."}`.
    public var text: String {
        switch action {
        case .stripPrefix(let prefix): return "{strip_prefix: \(quoted(prefix))}"
        case .replace(let pattern, let template): return "{regex: \(quoted(pattern)), replace: \(quoted(template))}"
        case .drop(let pattern): return "{drop: \(quoted(pattern))}"
        }
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Reads the `source.rename` list from a checked node, skipping entries the schema check already reported.
func tensorRenameRules(_ node: YAMLNode?, at path: ConfigPath) -> [TensorRenameRule] {
    (node?.items ?? []).enumerated().compactMap { TensorRenameRule(node: $1, path: path.index($0)) }
}
