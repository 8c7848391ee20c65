/// One `--set key=value` override from the command line.
public struct Override: Sendable {
    public var path: ConfigPath
    public var value: YAMLNode
    /// The override as typed, used as its "file" in diagnostics.
    public var text: String

    /// An override of the key at `path` with `value` (a node of some file, keeping its position); `text` names it.
    public init(path: ConfigPath, value: YAMLNode, text: String) {
        self.path = path
        self.value = value
        self.text = text
    }

    /// Parses `key.path=value`; the value is read as YAML (so `0.01`, `true`, `[1, 2]` are typed).
    public static func parse(_ text: String) -> Result<Override, Diagnostic> {
        let origin = "--set \(text)"
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            return .failure(
                Diagnostic(
                    .error, code: "override/syntax", at: .wholeFile(origin), path: "",
                    message: "an override must look like key.path=value", got: text,
                    hint: "for example --set optimizer.lr=0.01"))
        }
        let key = String(text[..<equals])
        let valueText = String(text[text.index(after: equals)...])
        do {
            var value = try YAMLReader.parse(text: valueText, file: origin)
            if valueText.isEmpty { value = YAMLNode(value: .scalar("", .plain), span: .wholeFile(origin), tag: nil) }
            value = value.shifted(columns: key.count + 1)
            return .success(Override(path: ConfigPath(parsing: key), value: value, text: text))
        } catch let error as YAMLError {
            return .failure(
                Diagnostic(
                    .error, code: error.code, at: error.span, path: key,
                    message: "the value of override '\(key)' is not valid YAML: \(error.problem)",
                    hint: error.hint ?? "quote the value"))
        } catch {
            return .failure(
                Diagnostic(.error, code: "override/syntax", at: .wholeFile(origin), path: key, message: "\(error)"))
        }
    }

    /// Applies the override to `root`, creating intermediate mappings; a list index must exist.
    public func apply(to root: YAMLNode) -> Result<YAMLNode, Diagnostic> {
        apply(to: root, remaining: path.components[...], done: .root)
    }

    private func apply(to node: YAMLNode, remaining: ArraySlice<ConfigPath.Component>, done: ConfigPath) -> Result<
        YAMLNode, Diagnostic
    > {
        guard let first = remaining.first else { return .success(value) }
        switch first {
        case .key(let key):
            guard node.pairs != nil else {
                return .failure(problem("'\(done)' is \(node.kindDescription), so it has no key '\(key)'"))
            }
            let child = node[key] ?? YAMLNode(value: .mapping([]), span: value.span, tag: nil)
            return apply(to: child, remaining: remaining.dropFirst(), done: done.key(key)).map {
                node.setting(
                    key, to: $0,
                    keySpan: SourceSpan(
                        file: value.span.file, start: SourcePosition(line: 1, column: 1),
                        end: SourcePosition(line: 1, column: 1)))
            }
        case .index(let i):
            guard var items = node.items, items.indices.contains(i) else {
                let count = node.items?.count
                return .failure(problem("'\(done)' has no item \(i)" + (count.map { " (it has \($0))" } ?? "")))
            }
            return apply(to: items[i], remaining: remaining.dropFirst(), done: done.index(i)).map {
                items[i] = $0
                var copy = node
                copy.value = .sequence(items)
                return copy
            }
        }
    }

    private func problem(_ message: String) -> Diagnostic {
        Diagnostic(
            .error, code: "override/unknown-key", at: .wholeFile("--set \(text)"), path: path.description,
            message: "cannot apply override '\(path)': \(message)")
    }
}

extension YAMLNode {
    /// A copy whose spans on line 1 are moved right by `columns` (to point into a longer line of text).
    func shifted(columns: Int) -> YAMLNode {
        var copy = self
        func move(_ p: SourcePosition) -> SourcePosition {
            p.line == 1 ? SourcePosition(line: 1, column: p.column + columns) : p
        }
        copy.span = SourceSpan(file: span.file, start: move(span.start), end: move(span.end))
        switch value {
        case .scalar: break
        case .sequence(let items): copy.value = .sequence(items.map { $0.shifted(columns: columns) })
        case .mapping(let pairs):
            copy.value = .mapping(
                pairs.map { YAMLPair(key: $0.key.shifted(columns: columns), value: $0.value.shifted(columns: columns)) }
            )
        }
        return copy
    }
}
