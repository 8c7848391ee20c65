import Foundation

/// Reads a sweep file into a `SweepSpec`, reporting every problem at its file:line:col.
public enum SweepFile {
    /// True when `file` parses as a mapping with a top-level `sweep` key (a sweep file rather than a pipeline).
    public static func isSweep(_ file: String) -> Bool {
        (try? YAMLReader.parse(file: file))?[SweepSchema.name.name] != nil
    }

    /// The sweep in `file`, or nil with the diagnostics that say why: the schema checker's (as for pipelines), then
    /// what only the whole file shows (base pipelines that cannot be read, distributions out of order, keys varied
    /// twice).
    public static func read(_ file: String) -> (spec: SweepSpec?, diagnostics: [Diagnostic]) {
        let parsed: YAMLNode
        do {
            parsed = try YAMLReader.parse(file: file)
        } catch let error as YAMLError {
            return (
                nil,
                [
                    Diagnostic(
                        .error, code: error.code, at: error.span, path: "", message: error.problem, hint: error.hint)
                ]
            )
        } catch {
            return (nil, [Diagnostic(.error, code: "yaml/io", at: .wholeFile(file), path: "", message: "\(error)")])
        }
        let (root, schemaProblems) = SchemaChecker.check(
            parsed, against: .object(SweepSchema.schema), document: "sweep file")
        var reader = SweepReader(file: file, root: root)
        let spec = reader.read()
        let problems = schemaProblems + reader.problems
        guard problems.isEmpty, let spec else { return (nil, problems) }
        return (spec, [])
    }

    /// The distribution a random key's node writes, or nil when it writes none correctly.
    static func distribution(_ node: YAMLNode) -> SweepSpec.Distribution? {
        guard let pair = node.pairs?.first, node.pairs?.count == 1, let kind = pair.key.scalarText else { return nil }
        if kind == "choice" { return pair.value.items.flatMap { $0.isEmpty ? nil : .choice($0) } }
        guard let bounds = pair.value.items?.compactMap(\.double), bounds.count == 2, bounds[0] < bounds[1] else {
            return nil
        }
        switch kind {
        case "uniform": return .uniform(bounds[0], bounds[1])
        case "log_uniform": return bounds[0] > 0 ? .logUniform(bounds[0], bounds[1]) : nil
        default: return nil
        }
    }
}
