import TLFiles

/// A pipeline file after `extends`, overrides and the schema check, with defaults filled in.
public struct ResolvedConfig: Sendable {
    /// The pipeline file as named by the user.
    public var file: String
    /// The checked tree with defaults filled in (nodes keep the span of the file or override that set them).
    public var root: YAMLNode
    /// Every file that contributed, the named file first and its bases after it.
    public var files: [String]
    /// Every problem found so far.
    public var diagnostics: DiagnosticList

    /// The span of the key that ends `path` (a mapping key), or the value's span when there is none.
    public func keySpan(at path: ConfigPath) -> SourceSpan {
        guard case .key(let key)? = path.components.last,
            let parent = root.node(at: ConfigPath(components: Array(path.components.dropLast()))),
            let pair = parent.pairs?.last(where: { $0.key.scalarText == key }), !pair.key.span.isSynthesized
        else {
            return span(at: path)
        }
        return pair.key.span
    }

    /// The span of the value at `path`, or of its nearest existing parent that a file or override wrote.
    public func span(at path: ConfigPath) -> SourceSpan {
        var path = path
        while true {
            let span = root.nearestNode(at: path).span
            if !span.isSynthesized || path.components.isEmpty { return span }
            path.components.removeLast()
        }
    }
}

/// Reads a pipeline: YAML, `extends` chains, `--set` overrides, then the schema check with defaults.
public enum ConfigResolver {
    /// Resolves `file` with `overrides` (each `key=value`) against `schema`.
    public static func resolve(file: String, overrides: [String] = [], schema: ObjectSchema) -> ResolvedConfig {
        resolve(file: file, parsedOverrides: overrides.map(Override.parse), schema: schema)
    }

    /// Resolves `file` with overrides already parsed (a sweep's values keep the sweep file's positions).
    public static func resolve(file: String, overrides: [Override], schema: ObjectSchema) -> ResolvedConfig {
        resolve(file: file, parsedOverrides: overrides.map { .success($0) }, schema: schema)
    }

    private static func resolve(file: String, parsedOverrides: [Result<Override, Diagnostic>], schema: ObjectSchema)
        -> ResolvedConfig
    {
        var diagnostics = DiagnosticList()
        var files: [String] = []
        var root =
            load(file, stack: [], files: &files, diagnostics: &diagnostics)
            ?? YAMLNode(value: .mapping([]), span: .wholeFile(file), tag: nil)
        guard !diagnostics.hasErrors else {
            return ResolvedConfig(file: file, root: root, files: files, diagnostics: diagnostics)
        }
        for parsed in parsedOverrides {
            if case .success(let override) = parsed {
                root = SchemaDefaults.seed(root, along: override.path, schema: schema)
            }
            switch parsed.flatMap({ $0.apply(to: root) }) {
            case .success(let updated): root = updated
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        let (checked, problems) = SchemaChecker.check(root, against: .object(schema))
        diagnostics.append(contentsOf: problems)
        return ResolvedConfig(file: file, root: checked, files: files, diagnostics: diagnostics)
    }

    /// Loads one file and, recursively, the files it extends; returns the merged tree.
    private static func load(
        _ file: String, stack: [String], files: inout [String],
        diagnostics: inout DiagnosticList
    ) -> YAMLNode? {
        let node: YAMLNode
        do {
            node = try YAMLReader.parse(file: file)
        } catch let error as YAMLError {
            diagnostics.append(
                Diagnostic(
                    .error, code: error.code, at: error.span, path: "", message: error.problem,
                    hint: error.hint ?? "check that the path names a readable pipeline file"))
            return nil
        } catch {
            diagnostics.append(Diagnostic(.error, code: "yaml/io", at: .wholeFile(file), path: "", message: "\(error)"))
            return nil
        }
        files.append(file)
        guard node.pairs != nil else {
            diagnostics.append(
                Diagnostic(
                    .error, code: "type/mismatch", at: node.span, path: "(root)",
                    message: "a pipeline file must be a mapping of sections",
                    expected: "a mapping (version:, name:, source:, ...)", got: node.kindDescription))
            return nil
        }
        guard let extendsNode = node["extends"] else { return node }
        let extendsKey = node.pairs?.first { $0.key.scalarText == "extends" }?.key.span ?? extendsNode.span
        guard let basePath = extendsNode.string else {
            let isNull: Bool
            if case .null? = extendsNode.resolved { isNull = true } else { isNull = false }
            diagnostics.append(
                Diagnostic(
                    .error, code: "type/mismatch", at: isNull ? extendsKey : extendsNode.span, path: "extends",
                    message: "'extends' must be a file path", expected: "a string", got: extendsNode.kindDescription,
                    hint: "name the base pipeline file, or remove 'extends'"))
            return nil
        }
        guard !basePath.trimmingCharacters(in: .whitespaces).isEmpty else {
            diagnostics.append(
                Diagnostic(
                    .error, code: "extends/missing", at: extendsKey, path: "extends",
                    message: "'extends' is empty", expected: "the path of a base pipeline file", got: "''",
                    hint: "name the base pipeline file, or remove 'extends'"))
            return nil
        }
        let baseFile = FilePaths.relative(basePath, to: file)
        let chain = stack + [file]
        if let loopStart = chain.firstIndex(where: { FilePaths.canonical($0) == FilePaths.canonical(baseFile) }) {
            let cycle = (chain[loopStart...] + [baseFile]).joined(separator: " → ")
            diagnostics.append(
                Diagnostic(
                    .error, code: "extends/cycle", at: extendsNode.span, path: "extends",
                    message: "'extends' forms a cycle: \(cycle)", hint: "remove the 'extends' that points back"))
            return nil
        }
        guard FilePaths.exists(baseFile).exists else {
            diagnostics.append(
                Diagnostic(
                    .error, code: "extends/missing", at: extendsNode.span, path: "extends",
                    message: "the base pipeline '\(baseFile)' does not exist",
                    hint: "'extends' paths are relative to the file that names them"))
            return nil
        }
        if let kind = RegularFile.irregularKind(at: baseFile) {
            diagnostics.append(
                Diagnostic(
                    .error, code: "extends/not-a-file", at: extendsNode.span, path: "extends",
                    message: "the base pipeline '\(baseFile)' is \(kind.phrase), not a regular file",
                    hint: "name a pipeline file; 'extends' paths are relative to the file that names them"))
            return nil
        }
        guard let base = load(baseFile, stack: stack + [file], files: &files, diagnostics: &diagnostics) else {
            return nil
        }
        var own = node
        own.value = .mapping(node.pairs!.filter { $0.key.scalarText != "extends" })
        return TreeMerge.merge(base, own)
    }
}
