import TLConfig

/// Follows `source.weights: {pipeline: ...}` through the whole chain of source pipelines: a cycle of any length,
/// or a source pipeline that is itself invalid, is reported at the `weights` line of the pipeline that refers to it
/// (a pipeline naming itself is `SettingsChecks`'s report). A cycle further up the chain is reported as that cycle.
struct SourcePipelineChecks {
    let pipeline: Pipeline
    let offline: Bool
    /// Canonical paths of the pipelines validated on the way here, each taking its weights from the next.
    let chain: [String]
    /// Source validations already made in this batch of validations (nil: validate every time).
    let memo: SourceValidationMemo?
    /// The validator the source pipelines are validated with.
    let validator: PipelineValidator
    var sink: DiagnosticSink

    mutating func run() {
        guard case .pipeline(let path) = pipeline.source.weights, FilePaths.exists(path).exists else { return }
        let at = ConfigPath.root.key("source").key("weights").key("pipeline")
        let source = FilePaths.canonical(path), this = FilePaths.canonical(pipeline.config.file)
        guard source != this else { return }
        if let start = chain.firstIndex(of: source) {
            let loop = (chain[start...] + [this, source]).joined(separator: " -> ")
            sink.report(
                "weights/cycle", at: at, "the source pipelines form a cycle: \(loop)",
                hint: "one pipeline of the cycle must start from a weights file or 'random'")
            return
        }
        let key = ([source, offline ? "offline" : "online"] + chain + [this]).joined(separator: "\u{1F}")
        let result =
            memo?.results[key] ?? validator.validate(file: path, offline: offline, chain: chain + [this], memo: memo)
        memo?.results[key] = result
        let errors = result.diagnostics.filter { $0.severity == .error }
        if let cycle = errors.first(where: { $0.code == "weights/cycle" }) {
            sink.report("weights/cycle", at: at, cycle.message, hint: cycle.hint)
            return
        }
        guard let first = errors.first else { return }
        sink.report(
            "weights/source-invalid", at: at,
            "the source pipeline '\(path)' is invalid: \(errors.count == 1 ? "1 error" : "\(errors.count) errors"), "
                + "the first at \(first.span.file):\(first.span.start): \(first.message)",
            hint: "validate and fix '\(path)' first")
    }
}

/// Source pipelines' validations, kept while many pipelines that take their weights from the same ones are validated
/// (a sweep's trials vary the pipeline, never its source).
public final class SourceValidationMemo: @unchecked Sendable {
    var results: [String: ValidationResult] = [:]

    /// An empty memo.
    public init() {}
}
