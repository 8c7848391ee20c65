import Foundation

/// Checks a configuration tree against a schema and fills in defaults.
///
/// Reports unknown keys (with suggestions), duplicate keys, missing required keys, wrong types,
/// unknown enum values and out-of-range numbers, all in one pass.
public struct SchemaChecker {
    private(set) var diagnostics: [Diagnostic] = []
    /// What the whole file is, in messages about its top level ("pipeline", "sweep file").
    let document: String

    /// Checks `node` (the whole of a `document`, such as "pipeline") against `type` and returns the tree with defaults
    /// filled in, plus every problem found.
    public static func check(
        _ node: YAMLNode, against type: SchemaType, at path: ConfigPath = .root,
        document: String = "pipeline"
    ) -> (YAMLNode, [Diagnostic]) {
        var checker = SchemaChecker(document: document)
        let filled = checker.check(node, type, path)
        return (filled, checker.diagnostics)
    }

    private mutating func report(
        _ code: String, _ node: YAMLNode, _ path: ConfigPath, _ message: String,
        expected: String? = nil, got: String? = nil, hint: String? = nil
    ) {
        diagnostics.append(
            Diagnostic(
                .error, code: code, at: node.span, path: path.description, message: message,
                expected: expected, got: got, hint: hint))
    }

    private mutating func check(_ node: YAMLNode, _ type: SchemaType, _ path: ConfigPath) -> YAMLNode {
        switch type {
        case .object(let object):
            return checkObject(node, object, path, tagKey: nil)
        case .tagged(let key, let variants):
            return checkTagged(node, key: key, variants: variants, path)
        case .keyed(let variants):
            return checkKeyed(node, variants: variants, path)
        case .dictionary(let valueType):
            return checkDictionary(node, valueType, path)
        case .array(let itemType, let minItems, let maxItems):
            return checkArray(node, itemType, minItems: minItems, maxItems: maxItems, path)
        case .oneOf(let types):
            guard let chosen = types.first(where: { Self.accepts($0, node) }) else {
                report(
                    "type/mismatch", node, path, "'\(path)' must be \(type.name)", expected: type.name,
                    got: node.kindDescription)
                return node
            }
            return check(node, chosen, path)
        case .string, .integer, .number, .boolean, .enumeration:
            checkScalar(node, type, path)
            return node
        case .any:
            return node
        }
    }

    /// Whether `node` has the right shape to be checked as `type` (used to pick a `oneOf` branch).
    static func accepts(_ type: SchemaType, _ node: YAMLNode) -> Bool {
        switch (type, node.value) {
        case (.object, .mapping), (.tagged, .mapping), (.keyed, .mapping), (.dictionary, .mapping), (.array, .sequence),
            (.any, _):
            return true
        case (.oneOf(let types), _): return types.contains { accepts($0, node) }
        case (_, .scalar):
            switch (type, node.resolved) {
            case (.string, .string?), (.enumeration, .string?), (.boolean, .bool?), (.integer, .int?),
                (.number, .int?), (.number, .double?):
                return true
            default: return false
            }
        default: return false
        }
    }

    private nonisolated(unsafe) static var regexes: [String: Regex<AnyRegexOutput>] = [:]
    private static let regexLock = NSLock()

    /// `pattern` compiled once per process (a sweep checks the same patterns once per trial).
    private static func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        regexLock.lock()
        defer { regexLock.unlock() }
        if let known = regexes[pattern] { return known }
        let compiled = try? Regex(pattern)
        regexes[pattern] = compiled
        return compiled
    }

    private mutating func checkScalar(_ node: YAMLNode, _ type: SchemaType, _ path: ConfigPath) {
        guard Self.accepts(type, node) else {
            var hint: String?
            if case .string = type, node.scalarText != nil {
                hint = "quote the value to make it a string: \"\(node.scalarText!)\""
            }
            report(
                "type/mismatch", node, path, "'\(path)' must be \(type.name)", expected: type.name,
                got: node.kindDescription, hint: hint)
            return
        }
        switch type {
        case .string(let pattern, _):
            if let pattern, let text = node.string, (try? Self.regex(pattern)?.wholeMatch(in: text)) == nil {
                report(
                    "value/pattern", node, path, "'\(text)' is not a valid value for '\(path)'",
                    expected: "text matching \(pattern)", got: "'\(text)'")
            }
        case .integer(let lo, let hi):
            let value = node.int!
            if let lo, lo == hi, value != lo {
                report(
                    "value/out-of-range", node, path, "'\(path)' must be \(lo)", expected: "\(lo)",
                    got: node.scalarText,
                    hint: "this version of tlrun accepts only \(lo) here")
            } else if let lo, value < lo {
                rangeError(node, path, NumberRange(min: Double(lo), max: hi.map(Double.init)))
            } else if let hi, value > hi {
                rangeError(node, path, NumberRange(min: lo.map(Double.init), max: Double(hi)))
            }
        case .number(let range):
            let value = node.double!
            if !value.isFinite {
                report(
                    "value/out-of-range", node, path, "'\(path)' must be a finite number", expected: range.text,
                    got: node.scalarText)
            } else if !range.contains(value) {
                rangeError(node, path, range)
            }
        case .enumeration(let values):
            let text = node.string!
            if !values.contains(text) {
                report(
                    "value/enum", node, path, "'\(text)' is not one of the values '\(path)' accepts",
                    expected: values.joined(separator: ", "), got: "'\(text)'",
                    hint: Suggestions.didYouMean(text, in: values))
            }
        default:
            break
        }
    }

    private mutating func rangeError(_ node: YAMLNode, _ path: ConfigPath, _ range: NumberRange) {
        report(
            "value/out-of-range", node, path, "'\(path)' is out of range", expected: range.text, got: node.scalarText,
            hint: "use a value \(range.text)")
    }

    private mutating func checkArray(
        _ node: YAMLNode, _ itemType: SchemaType, minItems: Int, maxItems: Int?, _ path: ConfigPath
    ) -> YAMLNode {
        guard let items = node.items else {
            report(
                "type/mismatch", node, path, "'\(path)' must be a list", expected: "a list", got: node.kindDescription)
            return node
        }
        if items.count < minItems || maxItems.map({ items.count > $0 }) == true {
            let wanted =
                maxItems == minItems
                ? "exactly \(minItems)" : maxItems.map { "\(minItems) to \($0)" } ?? "at least \(minItems)"
            report(
                "value/length", node, path, "'\(path)' has \(items.count) item\(items.count == 1 ? "" : "s")",
                expected: "\(wanted) item\(wanted.hasSuffix(" 1") ? "" : "s")", got: "\(items.count)")
        }
        var copy = node
        copy.value = .sequence(items.enumerated().map { check($1, itemType, path.index($0)) })
        return copy
    }

    private mutating func checkDictionary(_ node: YAMLNode, _ valueType: SchemaType, _ path: ConfigPath) -> YAMLNode {
        guard let pairs = node.pairs else {
            report(
                "type/mismatch", node, path, "'\(path)' must be a mapping", expected: "a mapping",
                got: node.kindDescription)
            return node
        }
        var copy = node
        copy.value = .mapping(
            uniqueStringKeys(pairs, path).map { pair in
                YAMLPair(key: pair.key, value: check(pair.value, valueType, path.key(pair.key.scalarText ?? "?")))
            })
        return copy
    }

    /// Reports non-string and duplicate keys; returns the pairs with string keys, first occurrence kept.
    private mutating func uniqueStringKeys(_ pairs: [YAMLPair], _ path: ConfigPath) -> [YAMLPair] {
        var seen: [String: YAMLNode] = [:]
        var kept: [YAMLPair] = []
        for pair in pairs {
            guard let key = pair.key.string else {
                report(
                    "key/not-string", pair.key, path,
                    "a key in \(path.components.isEmpty ? "the \(document)" : "'\(path)'") is not a plain name",
                    expected: "a string key", got: pair.key.kindDescription)
                continue
            }
            if let first = seen[key] {
                report(
                    "key/duplicate", pair.key, path.key(key),
                    "duplicate key '\(key)' (first defined at \(first.span.start)); YAML would silently keep only one",
                    hint: "remove one of the two '\(key)' entries")
                continue
            }
            seen[key] = pair.key
            kept.append(pair)
        }
        return kept
    }

    private mutating func checkTagged(
        _ node: YAMLNode, key: String, variants: [(tag: String, schema: ObjectSchema)], _ path: ConfigPath
    ) -> YAMLNode {
        let tags = variants.map(\.tag)
        guard node.pairs != nil else {
            report(
                "type/mismatch", node, path, "'\(path)' must be a mapping with a '\(key)' key",
                expected: "a mapping such as {\(key): \(tags[0]), ...}", got: node.kindDescription)
            return node
        }
        guard let tagNode = node[key] else {
            report(
                "key/missing", node, path, "'\(path)' has no '\(key)' key",
                expected: "\(key): one of " + tags.joined(separator: ", "),
                hint: "add '\(key): \(tags[0])' (or another of: \(tags.joined(separator: ", ")))")
            return node
        }
        guard let tag = tagNode.string, let variant = variants.first(where: { $0.tag == tag }) else {
            let text = tagNode.scalarText ?? tagNode.kindDescription
            report(
                "value/enum", tagNode, path.key(key), "'\(text)' is not a known \(key) for '\(path)'",
                expected: tags.joined(separator: ", "), got: "'\(text)'", hint: Suggestions.didYouMean(text, in: tags))
            return node
        }
        return checkObject(node, variant.schema, path, tagKey: (key, tag))
    }

    private mutating func checkKeyed(
        _ node: YAMLNode, variants: [(key: String, schema: ObjectSchema)], _ path: ConfigPath
    ) -> YAMLNode {
        let keys = variants.map(\.key)
        let listed = keys.joined(separator: ", ")
        let example = "{\(keys[0]): ...}"
        guard let pairs = node.pairs else {
            report(
                "type/mismatch", node, path, "'\(path)' must be a mapping with one of the keys \(listed)",
                expected: "a mapping such as \(example)", got: node.kindDescription)
            return node
        }
        let written = pairs.compactMap(\.key.string)
        guard let chosen = variants.first(where: { written.contains($0.key) }) else {
            report(
                "key/missing", node, path, "'\(path)' has none of the keys \(listed)", expected: "one of " + listed,
                got: written.isEmpty ? "an empty mapping" : written.joined(separator: ", "),
                hint: written.lazy.compactMap { Suggestions.didYouMean($0, in: keys) }.first ?? "write it as \(example)"
            )
            return node
        }
        let others = Set(keys).subtracting([chosen.key])
        for pair in pairs {
            guard let key = pair.key.string, others.contains(key) else { continue }
            report(
                "key/exclusive", pair.key, path.key(key),
                "'\(path)' has both '\(chosen.key)' and '\(key)'; each entry does one thing",
                expected: "one of " + listed, hint: "split it into two list entries, in the order they should apply")
        }
        var kept = node
        kept.value = .mapping(pairs.filter { !others.contains($0.key.string ?? "") })
        return checkObject(kept, chosen.schema, path, tagKey: nil)
    }

    private mutating func checkObject(
        _ node: YAMLNode, _ object: ObjectSchema, _ path: ConfigPath, tagKey: (String, String)?
    ) -> YAMLNode {
        guard let pairs = node.pairs else {
            report(
                "type/mismatch", node, path, "'\(path)' must be a mapping", expected: "a mapping",
                got: node.kindDescription)
            return node
        }
        let allowed = (tagKey.map { [$0.0] } ?? []) + object.fields.map(\.name)
        var result: [YAMLPair] = []
        for pair in uniqueStringKeys(pairs, path) {
            let key = pair.key.string!
            if key == tagKey?.0 {
                result.append(pair)
            } else if let field = object.field(key) {
                result.append(YAMLPair(key: pair.key, value: check(pair.value, field.type, path.key(key))))
            } else if let other = object.otherKeys {
                result.append(YAMLPair(key: pair.key, value: check(pair.value, other.type, path.key(key))))
            } else {
                let owner =
                    tagKey.map { "\($0.0) '\($0.1)'" } ?? (path.components.isEmpty ? "a \(document)" : "'\(path)'")
                report(
                    "key/unknown", pair.key, path.key(key), "unknown key '\(key)' in \(owner)",
                    expected: allowed.joined(separator: ", "), got: "'\(key)'",
                    hint: Suggestions.didYouMean(key, in: allowed) ?? "remove it; the allowed keys are listed above")
            }
        }
        for field in object.fields where node[field.name] == nil {
            if field.required {
                report(
                    "key/missing", node, path.key(field.name),
                    "missing required key '\(field.name)' in \(path.components.isEmpty ? "the \(document)" : "'\(path)'")",
                    expected: "\(field.name): \(field.type.name)", hint: "add '\(field.name):' (\(field.doc))")
            } else if let value = field.defaultValue {
                let span = node.span.synthesized(by: SourceSpan.defaultOrigin)
                let filled = check(DefaultNodes.node(value, at: span), field.type, path.key(field.name))
                result.append(YAMLPair(key: YAMLNode(value: .scalar(field.name, .plain), span: span), value: filled))
            }
        }
        var copy = node
        copy.value = .mapping(result)
        return copy
    }
}

/// Builds configuration nodes for schema defaults.
public enum DefaultNodes {
    /// A node holding `value`, placed at `span`.
    public static func node(_ value: DefaultValue, at span: SourceSpan) -> YAMLNode {
        switch value {
        case .scalar(let scalar):
            return YAMLNode(value: .scalar(scalar.yamlText, .plain), span: span)
        case .list(let scalars):
            return YAMLNode(value: .sequence(scalars.map { node(.scalar($0), at: span) }), span: span)
        case .mapping(let entries):
            return YAMLNode(
                value: .mapping(
                    entries.map { key, value in
                        YAMLPair(key: YAMLNode(value: .scalar(key, .plain), span: span), value: node(value, at: span))
                    }), span: span)
        }
    }
}

extension YAMLScalar {
    /// The scalar written as plain YAML text that resolves back to the same value.
    public var yamlText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        case .string(let s): return s
        }
    }
}
