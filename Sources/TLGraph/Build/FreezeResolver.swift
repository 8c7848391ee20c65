import TLConfig

/// Applies the freeze policy to a transfer graph: frozen layers, BatchNorm modes, unfreezing, lr multipliers.
struct FreezeResolver {
    let pipeline: Pipeline
    let graph: TransferGraph
    var sink: DiagnosticSink
    static let path = ConfigPath.root.key("freeze")

    private var keptNames: [String] { graph.kept.flatMap(\.flattened).map(\.name) }
    private var headNames: [String] { graph.head.flatMap(\.flattened).map(\.name) }

    /// Kept layer names selected by `selector`; reports a selector that matches nothing, or only removed or head layers.
    private mutating func select(_ selector: String, at path: ConfigPath, allowHead: Bool = false, atKey: Bool = false)
        -> [String]
    {
        let matcher = LayerSelector(selector)
        let candidates = keptNames + (allowHead ? headNames : [])
        let hits = candidates.filter(matcher.matches)
        if !hits.isEmpty { return hits }
        if graph.sourceNames.contains(where: matcher.matches) {
            sink.report(
                "freeze/removed-layer", at: path, atKey: atKey,
                "'\(selector)' selects only layers that slicing removed",
                expected: "a layer at or before the slicing point '\(graph.cutAfter ?? "-")'", got: "'\(selector)'",
                hint: "slicing already drops these layers; remove '\(selector)' here or cut later")
        } else if !allowHead && headNames.contains(where: matcher.matches) {
            sink.report(
                "freeze/head", at: path, atKey: atKey,
                "'\(selector)' selects head layers, and the new head always trains",
                hint: "freeze selects kept source layers only")
        } else {
            sink.report(
                "freeze/no-match", at: path, atKey: atKey, "the selector '\(selector)' matches no layer",
                expected: "a layer name (prefix) or a pattern with *", got: "'\(selector)'",
                hint: Suggestions.didYouMean(selector, in: LayerSelector.candidates(candidates))
                    ?? "run 'tlrun summary' to see the layer names")
        }
        return []
    }

    /// Fills the graph's frozen set, BatchNorm modes, unfreeze steps and lr multipliers.
    mutating func apply(to graph: inout TransferGraph) {
        let spec = pipeline.freeze
        var frozen = Set<String>()
        switch spec.layers {
        case .all: frozen.formUnion(keptNames)
        case .none: break
        case .selected(let selectors):
            for (i, selector) in selectors.enumerated() {
                frozen.formUnion(select(selector, at: Self.path.key("layers").index(i)))
            }
        }
        if let upTo = spec.upTo {
            let hits = select(upTo, at: Self.path.key("up_to"))
            if let lastTop = graph.kept.lastIndex(where: { layer in layer.flattened.contains { hits.contains($0.name) }
            }) {
                frozen.formUnion(graph.kept[...lastTop].flatMap(\.flattened).map(\.name))
            }
        }
        graph.frozen = frozen
        for layer in graph.layers.flatMap(\.flattened) where layer.op.hasRunningStatistics {
            graph.batchNormModes[layer.name] = frozen.contains(layer.name) && !spec.batchnormTrains ? .frozen : .train
        }
        for (i, step) in spec.unfreeze.enumerated() {
            var names: [String] = []
            for (j, selector) in step.layers.enumerated() {
                let at = Self.path.key("unfreeze").index(i).key("layers").index(j)
                let hits = select(selector, at: at)
                if !hits.isEmpty && !hits.contains(where: frozen.contains) {
                    sink.warn(
                        "freeze/not-frozen", at: at, "'\(selector)' is not frozen, so unfreezing it changes nothing")
                }
                names += hits.filter(frozen.contains)
            }
            if step.epoch > pipeline.train.epochs {
                sink.warn(
                    "freeze/unfreeze-late", at: Self.path.key("unfreeze").index(i).key("epoch"),
                    "unfreezing at epoch \(step.epoch) never happens: training has \(pipeline.train.epochs) epochs")
            }
            graph.unfreezeSteps.append((step.epoch, names))
        }
        let unfrozenLater = Set(graph.unfreezeSteps.flatMap(\.layers))
        for (selector, multiplier) in spec.lrMultipliers {
            let at = Self.path.key("lr_mult").key(selector)
            let hits = select(selector, at: at, allowHead: true, atKey: true)
            if !hits.isEmpty && hits.allSatisfy({ frozen.contains($0) && !unfrozenLater.contains($0) }) {
                sink.warn(
                    "freeze/lr-mult-frozen", at: at, atKey: true,
                    "'\(selector)' is frozen, so its learning-rate multiplier has no effect")
            }
            for name in hits { graph.lrMultipliers[name] = multiplier }
        }
    }
}
