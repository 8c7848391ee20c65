import TLConfig
import TLFiles
import TLTransforms

/// The result of validating one pipeline: the resolved configuration, typed pipeline, graph and diagnostics.
public struct ValidationResult: Sendable {
    public var config: ResolvedConfig
    public var pipeline: Pipeline
    /// The transfer graph, when the source model could be built.
    public var graph: TransferGraph?
    /// Every diagnostic, sorted by position.
    public var diagnostics: [Diagnostic]
    /// The layer language the pipeline was read in.
    public var layers: LayerLanguage

    /// True when no diagnostic is an error.
    public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }
}

/// `tlrun validate`: every check that needs no weights and no data, reported in one pass, in one layer language
/// (`PipelineValidator.standard`, module TLLayerCatalog, is the one with every layer type of this build).
public struct PipelineValidator: Sendable {
    /// The layer types pipelines may write.
    public let layers: LayerLanguage

    /// A validator of pipelines written in `layers`.
    public init(layers: LayerLanguage) { self.layers = layers }

    /// The pipeline language's schema with this build's zoo.
    public var schema: ObjectSchema {
        PipelineSchema.pipeline(
            modelNames: ModelZoo.names, layers: layers.schemaVariants, dataset: TransformRegistry.datasetSchema)
    }

    /// Validates `file` with `overrides` (`key=value`); `offline` skips file-system checks.
    public func validate(file: String, overrides: [String] = [], offline: Bool = false) -> ValidationResult {
        validate(
            ConfigResolver.resolve(file: file, overrides: overrides, schema: schema), offline: offline, chain: [],
            memo: nil)
    }

    /// Validates `file` with overrides already parsed (a sweep trial's values, positioned in the sweep file); `memo`
    /// keeps source pipelines' validations for the next call.
    public func validate(file: String, overrides: [Override], offline: Bool = false, memo: SourceValidationMemo? = nil)
        -> ValidationResult
    {
        validate(
            ConfigResolver.resolve(file: file, overrides: overrides, schema: schema), offline: offline, chain: [],
            memo: memo)
    }

    /// Validates `file`, reached through the source pipelines `chain` (canonical paths, see `SourcePipelineChecks`).
    func validate(
        file: String, overrides: [String] = [], offline: Bool, chain: [String], memo: SourceValidationMemo? = nil
    ) -> ValidationResult {
        validate(
            ConfigResolver.resolve(file: file, overrides: overrides, schema: schema), offline: offline, chain: chain,
            memo: memo)
    }

    /// Validates a resolved pipeline file.
    private func validate(_ resolved: ResolvedConfig, offline: Bool, chain: [String], memo: SourceValidationMemo?)
        -> ValidationResult
    {
        var config = resolved
        let yamlFailed = config.diagnostics.items.contains {
            $0.code.hasPrefix("yaml/") || $0.code.hasPrefix("extends/")
        }
        guard !yamlFailed else {
            return ValidationResult(
                config: config, pipeline: Pipeline(config), graph: nil, diagnostics: config.diagnostics.sorted,
                layers: layers)
        }
        let stated = Pipeline(config)
        config = CaseShorthand.expand(config, head: Self.caseHead(stated), earlyCutHead: Self.earlyCutHead(stated))
        let pipeline = Pipeline(config)

        var data = DatasetChecks(pipeline: pipeline, offline: offline, sink: DiagnosticSink(config: config))
        let facts = data.run()
        var builder = TransferGraphBuilder(pipeline: pipeline, layers: layers, sink: data.sink)
        let graph = builder.build(classes: facts.classCount)
        var sink = builder.sink
        if let graph {
            var flow = ImageFlowCheck(pipeline: pipeline, sink: sink)
            flow.run(facts: facts, input: graph.input)
            sink = flow.sink
            if facts.classCount == nil {
                sink.note(
                    "data/classes-unknown", at: .root.key("dataset"),
                    "the number of classes is only known once the data is read; shapes use 1 for 'classes'",
                    hint: "give 'dataset.classes' to check the head statically")
            }
        }
        var settings = SettingsChecks(pipeline: pipeline, offline: offline, sink: sink)
        settings.run(graph: graph)
        var memory = MemoryPlanCheck(pipeline: pipeline, budget: .standard, sink: settings.sink)
        memory.run(graph: graph)
        var onnx = ONNXChecks(pipeline: pipeline, sink: memory.sink)
        onnx.run(graph: graph)
        var weights = SourceWeightsChecks(pipeline: pipeline, sink: onnx.sink)
        weights.run()
        var sources = SourcePipelineChecks(
            pipeline: pipeline, offline: offline, chain: chain, memo: memo, validator: self, sink: weights.sink)
        sources.run()
        return ValidationResult(
            config: config, pipeline: pipeline, graph: graph, diagnostics: sources.sink.list.sorted, layers: layers)
    }

    /// The head case 2 puts after its cut: the zoo model's (token pooling for a ViT), else flatten and a new linear
    /// layer.
    public static func earlyCutHead(_ pipeline: Pipeline) -> CaseHead {
        guard case .zoo(let name)? = pipeline.source.model, let model = ModelZoo.model(named: name) else {
            return .newLinear(flattening: true)
        }
        return model.earlyCutHead
    }

    /// The source model's classifier and what cases 1, 3 and 4 put in its place.
    public static func caseHead(_ pipeline: Pipeline) -> CaseHead? {
        switch pipeline.source.model {
        case nil:
            return nil
        case .zoo(let name)?:
            return ModelZoo.model(named: name)?.caseHead
        case .inline(let specs)?:
            guard let index = specs.lastIndex(where: { $0.op == LinearOp.tag }) else { return nil }
            return .linear(specs[index].name ?? String(index))
        }
    }
}
