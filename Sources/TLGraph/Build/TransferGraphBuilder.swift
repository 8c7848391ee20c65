import TLConfig
import TLFiles

/// Builds the transfer graph from a pipeline: source model, slicing, head, shape inference, freezing.
struct TransferGraphBuilder {
    let pipeline: Pipeline
    /// The layer types the pipeline's entries are built from.
    let layers: LayerLanguage
    var sink: DiagnosticSink
    static let sourcePath = ConfigPath.root.key("source")

    /// The source layers and input for the pipeline, or nil (reported) when they cannot be known.
    mutating func sourceModel() -> (layers: [Layer], input: TensorShape)? {
        let declaredInput = pipeline.source.input.flatMap { $0.count == 3 ? TensorShape($0) : nil }
        switch pipeline.source.model {
        case nil:
            return nil
        case .zoo(let name)?:
            guard let model = ModelZoo.model(named: name), layers.knowsAll(pipeline.head ?? []) else { return nil }
            return (model.build(pipeline.source.classes ?? model.defaultClasses), declaredInput ?? model.defaultInput)
        case .inline(let specs)?:
            guard layers.knowsAll(specs), layers.knowsAll(pipeline.head ?? []) else { return nil }
            guard let input = declaredInput else {
                sink.report(
                    "key/missing", at: Self.sourcePath.key("input"),
                    "an inline source model needs 'source.input'", expected: "[channels, height, width]",
                    hint: "add 'input: [1, 28, 28]' (or the size your network expects) under 'source'")
                return nil
            }
            return (layers.layers(specs, prefix: "", classes: pipeline.source.classes ?? 1), input)
        }
    }

    /// Builds the graph; `classes` is the dataset class count when known.
    mutating func build(classes: Int?) -> TransferGraph? {
        guard let (sourceLayers, input) = sourceModel() else { return nil }
        guard let elements = CheckedSize.product(input.dims), elements <= ShapeInference.maximumElements else {
            sink.report(
                "shape/too-large", at: Self.sourcePath.key("input"),
                "the input \(input) has more than \(ShapeInference.maximumElements) elements per sample, more than can be computed with",
                expected: "at most \(ShapeInference.maximumElements) elements", got: input.description,
                hint: "use a smaller source.input")
            return nil
        }
        let sourceInference = ShapeInference.run(sourceLayers, input: input)
        let resolvedSource = sourceInference.layers + sourceLayers.dropFirst(sourceInference.layers.count)
        let sourceNames = resolvedSource.flatMap(\.flattened).map(\.name)
        if pipeline.head == nil {
            sink.report(
                "key/missing", at: .root.key("head"), "the pipeline has no 'head'",
                expected: "a list of layers after the slicing point",
                hint: "add 'head: [{op: linear, out_features: classes}]', or 'case: 1' to use the case's default head")
        }
        // Without a slicing point the head is left out of the graph: its names and shapes would be checked against
        // the whole source network, and every problem found would only follow from the slicing error.
        let cut = slice(resolvedSource, names: sourceNames)
        let (keptCount, cutRemoved, _) = cut ?? (sourceLayers.count, [], nil)
        // A cut also drops the auxiliary classifiers it keeps: they only ever fed torchvision's training loss.
        let auxiliaries = Set(
            pipeline.slice == nil
                ? [] : sourceLayers.prefix(keptCount).filter { $0.op is AuxiliaryClassifierOp }.map(\.name))
        let kept = sourceLayers.prefix(keptCount).filter { !auxiliaries.contains($0.name) }
        let removed = sourceLayers.prefix(keptCount).map(\.name).filter(auxiliaries.contains) + cutRemoved
        let cutAfter = cut?.cutAfter == nil ? nil : kept.last?.name
        let headSpecs = cut == nil ? [] : pipeline.head ?? []
        let head = layers.layers(headSpecs, prefix: "head.", classes: classes ?? 1)
        checkNames(kept: kept, head: head)
        let inference = ShapeInference.run(kept + head, input: input)
        for problem in inference.problems { report(problem) }
        let resolvedKept = Array(inference.layers.prefix(kept.count)) + kept.dropFirst(inference.layers.count)
        let resolvedHead =
            Array(inference.layers.dropFirst(kept.count)) + head.dropFirst(max(0, inference.layers.count - kept.count))
        if let output = inference.output, let classes, pipeline.head != nil, cut != nil {
            checkClasses(output: output, classes: classes, head: resolvedHead)
        }
        var graph = TransferGraph(
            input: input, sourceNames: sourceNames, kept: resolvedKept, head: resolvedHead, cutAfter: cutAfter,
            removed: removed,
            inferred: inference.inferred, output: inference.output, frozen: [], batchNormModes: [:], lrMultipliers: [:],
            unfreezeSteps: [], classes: classes)
        var freezing = FreezeResolver(pipeline: pipeline, graph: graph, sink: sink)
        freezing.apply(to: &graph)
        sink = freezing.sink
        return graph
    }

    /// Cuts the source at the slicing point (how many top-level layers stay); nil (reported) for an unknown name or
    /// a cut inside a block.
    private mutating func slice(_ layers: [Layer], names: [String]) -> (
        kept: Int, removed: [String], cutAfter: String?
    )? {
        guard let spec = pipeline.slice else { return (layers.count, [], nil) }
        let path = ConfigPath.root.key("slice").appending(spec)
        let selector = LayerSelector(spec.layer)
        let matching = layers.indices.filter { selector.matches(layers[$0].name) }
        guard let first = matching.first, let last = matching.last else {
            if let block = layers.first(where: { $0.flattened.dropFirst().contains { selector.matches($0.name) } }) {
                sink.report(
                    "slice/inside-block", at: path,
                    "cannot cut inside block '\(block.name)' at '\(spec.layer)'",
                    expected: "a top-level layer", got: "'\(spec.layer)'",
                    hint: "cut at '\(block.name)' (keeps the whole block) or before it")
            } else {
                sink.report(
                    "slice/unknown-layer", at: path,
                    "the slicing point '\(spec.layer)' names no layer of the source network",
                    expected: "one of: " + Self.listed(layers.map(\.name)), got: "'\(spec.layer)'",
                    hint: Suggestions.didYouMean(spec.layer, in: LayerSelector.candidates(names))
                        ?? "run 'tlrun zoo <model>' to see the layer names")
            }
            return nil
        }
        let end: Int
        switch spec {
        case .through: end = last + 1
        case .before: end = first
        }
        if end == 0 {
            sink.report(
                "slice/empty", at: path, "cutting before '\(spec.layer)' keeps no layer of the source network",
                hint: "cut after a later layer, or use an inline model")
        }
        return (end, layers[end...].map(\.name), end > 0 ? layers[end - 1].name : nil)
    }

    static func listed(_ names: [String]) -> String {
        names.count <= 24
            ? names.joined(separator: ", ") : names.prefix(24).joined(separator: ", ") + ", … (\(names.count) in all)"
    }

    /// Reports head layer names that collide with kept layers or each other.
    private mutating func checkNames(kept: [Layer], head: [Layer]) {
        var seen = Set(kept.flatMap(\.flattened).map(\.name))
        for layer in head {
            for name in layer.flattened.map(\.name) where !seen.insert(name).inserted {
                sink.report(
                    "head/name-conflict", at: (layer.origin ?? .root.key("head")).key("name"),
                    "head layer name '\(name)' is already used by another layer",
                    hint: "give the head layer another name (parameter keys are '<name>.weight')")
            }
        }
    }

    /// Checks that the head ends in one value per dataset class.
    private mutating func checkClasses(output: TensorShape, classes: Int, head: [Layer]) {
        guard output != TensorShape([classes]) else { return }
        guard let last = head.last else {
            sink.report(
                "shape/head-classes", at: Self.sourcePath.key("classes"),
                "the network outputs \(output) but the dataset has \(classes) classes",
                expected: TensorShape([classes]).description, got: output.description,
                hint: "set source.classes to \(classes), or cut the classifier off and add a head")
            return
        }
        let at = last.origin.map { $0.key("out_features") } ?? .root.key("head")
        sink.report(
            "shape/head-classes", at: at,
            "the head outputs \(output) but the dataset has \(classes) classes",
            expected: TensorShape([classes]).description, got: output.description,
            hint: "end the head with {op: linear, out_features: classes}")
    }

    /// Turns a shape problem into a diagnostic at the layer's place in the file (or at the source input for zoo layers).
    private mutating func report(_ problem: ShapeProblem) {
        let trace = ShapeTrace.lines(problem.trace)
        if let origin = problem.layer.origin {
            let keyPath = problem.key.map { origin.key($0) }
            let path = keyPath.flatMap { sink.isWritten($0) ? $0 : nil } ?? origin
            sink.report(
                problem.code, at: path, problem.message, expected: problem.expected, got: problem.got,
                hint: problem.hint, trace: trace)
        } else {
            let name: String
            if case .zoo(let zooName)? = pipeline.source.model { name = zooName } else { name = "source" }
            let at =
                sink.isWritten(Self.sourcePath.key("input"))
                ? Self.sourcePath.key("input") : Self.sourcePath.key("model")
            sink.report(
                problem.code, at: at, "in \(name): " + problem.message, expected: problem.expected, got: problem.got,
                hint: problem.code == "shape/collapse"
                    ? "use a larger source.input or cut the network before '\(problem.layer.name)'" : problem.hint,
                trace: trace)
        }
    }
}

extension ConfigPath {
    /// The path of a slice's layer name: `slice` itself or `slice.before`.
    func appending(_ spec: SliceSpec) -> ConfigPath {
        if case .before = spec { return key("before") }
        return self
    }
}
