/// Matches layer selectors (`layer4`, `features.*`) against layer names.
///
/// A selector selects a layer when it equals the layer's name or the name of a layer it is nested in
/// (`layer1` selects `layer1.0.conv1`); `*` matches any run of characters, dots included.
public struct LayerSelector {
    public let text: String
    private let pattern: Regex<AnyRegexOutput>?

    /// Creates a selector from its written form.
    public init(_ text: String) {
        self.text = text
        if text.contains("*") {
            let escaped = text.split(separator: "*", omittingEmptySubsequences: false)
                .map { RegexEscape.escape(String($0)) }.joined(separator: ".*")
            pattern = try? Regex(escaped)
        } else {
            pattern = nil
        }
    }

    /// True when the selector selects the layer called `name`.
    public func matches(_ name: String) -> Bool {
        var candidate = Substring(name)
        while true {
            if let pattern {
                if (try? pattern.wholeMatch(in: String(candidate))) != nil { return true }
            } else if candidate == text {
                return true
            }
            guard let dot = candidate.lastIndex(of: ".") else { return false }
            candidate = candidate[..<dot]
        }
    }
}

extension LayerSelector {
    /// Every name a selector can usefully be: the layer names and the dotted prefixes they share (`layer1`).
    public static func candidates(_ names: [String]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for name in names {
            var prefix = ""
            for part in name.split(separator: ".") {
                prefix += prefix.isEmpty ? String(part) : "." + part
                if seen.insert(prefix).inserted { out.append(prefix) }
            }
        }
        return out
    }
}

/// Regular-expression escaping for literal text.
enum RegexEscape {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?+()[]{}".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
