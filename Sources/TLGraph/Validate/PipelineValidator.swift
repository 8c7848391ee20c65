import TLConfig

/// The result of validating one pipeline: the resolved configuration, typed pipeline, graph and diagnostics.
public struct ValidationResult: Sendable {
    public var config: ResolvedConfig
    public var pipeline: Pipeline
    /// The transfer graph, when the source model could be built.
    public var graph: TransferGraph?
    /// Every diagnostic, sorted by position.
    public var diagnostics: [Diagnostic]

    /// True when no diagnostic is an error.
    public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }
}

/// `tlrun validate`: every check that needs no weights and no data, reported in one pass.
public enum PipelineValidator {
    /// The pipeline language's schema with this build's zoo.
    public static var schema: ObjectSchema { PipelineSchema.pipeline(modelNames: ModelZoo.names, layers: LayerRegistry.schemaVariants) }

    /// Validates `file` with `overrides` (`key=value`); `offline` skips file-system checks.
    public static func validate(file: String, overrides: [String] = [], offline: Bool = false) -> ValidationResult {
        validate(ConfigResolver.resolve(file: file, overrides: overrides, schema: schema), offline: offline, chain: [], memo: nil)
    }

    /// Validates `file` with overrides already parsed (a sweep trial's values, positioned in the sweep file); `memo`
    /// keeps source pipelines' validations for the next call.
    public static func validate(file: String, overrides: [Override], offline: Bool = false, memo: SourceValidationMemo? = nil) -> ValidationResult {
        validate(ConfigResolver.resolve(file: file, overrides: overrides, schema: schema), offline: offline, chain: [], memo: memo)
    }

    /// Validates `file`, reached through the source pipelines `chain` (canonical paths, see `SourcePipelineChecks`).
    static func validate(file: String, overrides: [String] = [], offline: Bool, chain: [String], memo: SourceValidationMemo? = nil) -> ValidationResult {
        validate(ConfigResolver.resolve(file: file, overrides: overrides, schema: schema), offline: offline, chain: chain, memo: memo)
    }

    /// Validates a resolved pipeline file.
    private static func validate(_ resolved: ResolvedConfig, offline: Bool, chain: [String], memo: SourceValidationMemo?) -> ValidationResult {
        var config = resolved
        let yamlFailed = config.diagnostics.items.contains { $0.code.hasPrefix("yaml/") || $0.code.hasPrefix("extends/") }
        guard !yamlFailed else {
            return ValidationResult(config: config, pipeline: Pipeline(config), graph: nil, diagnostics: config.diagnostics.sorted)
        }
        config = CaseShorthand.expand(config, classifier: classifier(Pipeline(config)))
        let pipeline = Pipeline(config)

        var data = DatasetChecks(pipeline: pipeline, offline: offline, sink: DiagnosticSink(config: config))
        let facts = data.run()
        var builder = TransferGraphBuilder(pipeline: pipeline, sink: data.sink)
        let graph = builder.build(classes: facts.classCount)
        var sink = builder.sink
        if let graph {
            var flow = ImageFlowCheck(pipeline: pipeline, sink: sink)
            flow.run(facts: facts, input: graph.input)
            sink = flow.sink
            if facts.classCount == nil {
                sink.note("data/classes-unknown", at: .root.key("dataset"),
                          "the number of classes is only known once the data is read; shapes use 1 for 'classes'",
                          hint: "give 'dataset.classes' to check the head statically")
            }
        }
        var settings = SettingsChecks(pipeline: pipeline, offline: offline, sink: sink)
        settings.run(graph: graph)
        var onnx = ONNXChecks(pipeline: pipeline, sink: settings.sink)
        onnx.run(graph: graph)
        var weights = SourceWeightsChecks(pipeline: pipeline, sink: onnx.sink)
        weights.run()
        var sources = SourcePipelineChecks(pipeline: pipeline, offline: offline, chain: chain, memo: memo, sink: weights.sink)
        sources.run()
        return ValidationResult(config: config, pipeline: pipeline, graph: graph, diagnostics: sources.sink.list.sorted)
    }

    /// The source model's final classifier layer (what cases 1, 3 and 4 replace).
    static func classifier(_ pipeline: Pipeline) -> String? {
        switch pipeline.source.model {
        case nil:
            return nil
        case .zoo(let name)?:
            return ModelZoo.model(named: name)?.classifier
        case .inline(let specs)?:
            guard let index = specs.lastIndex(where: { $0.op == "linear" }) else { return nil }
            return specs[index].name ?? String(index)
        }
    }
}
