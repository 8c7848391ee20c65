import TLConfig

/// Checks how the source weights are read: `source.key` against the file format, and the `source.rename` patterns.
struct SourceWeightsChecks {
    let pipeline: Pipeline
    var sink: DiagnosticSink

    mutating func run() {
        checkKey()
        for rule in pipeline.source.rename {
            checkPattern(of: rule)
        }
    }

    private mutating func checkKey() {
        guard let key = pipeline.source.key else { return }
        let safetensors: String
        switch pipeline.source.weights {
        case .file(let path) where path.lowercased().hasSuffix(".safetensors"): safetensors = "'\(path)'"
        case .pipeline(let path): safetensors = "the output of '\(path)'"
        default: return
        }
        sink.report(
            "weights/key", at: .root.key("source").key("key"),
            "'key: \(key)' chooses an entry of a PyTorch checkpoint, but \(safetensors) is a safetensors file",
            expected: "no key for a .safetensors file", got: "'\(key)'",
            hint: "remove 'key'; a safetensors file holds its tensors directly")
    }

    private mutating func checkPattern(of rule: TensorRenameRule) {
        guard let pattern = rule.pattern else { return }
        do {
            let expression = try TensorNamePattern.compile(pattern.text)
            if case .replace(_, let template) = rule.action,
                let problem = TensorNamePattern.missingGroup(in: template, for: expression)
            {
                sink.report(
                    "weights/rename-group", at: rule.path.key("replace"), problem,
                    hint: "add a group '( … )' to the pattern, or use '$0' for the whole match")
            }
        } catch {
            sink.report(
                "weights/rename-regex", at: rule.path.key(pattern.key), "\(error)",
                expected: "a regular expression (ICU syntax)", got: "'\(pattern.text)'",
                hint:
                    "in a double-quoted YAML string write a backslash twice (\"^aux\\\\.\"); single quotes keep it as written ('^aux\\.')"
            )
        }
    }
}
