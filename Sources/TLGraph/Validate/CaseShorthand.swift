import TLConfig

/// Expands `case: 1..4` into slice, freeze and head settings the file did not write itself.
///
/// | case | slice | freeze | head |
/// |---|---|---|---|
/// | 1 small, similar | before the classifier | all | new classifier |
/// | 2 small, different | must be written (keep early conv layers) | all | flatten (a ViT: token pooling) + new linear |
/// | 3 large, similar | before the classifier | none | new classifier |
/// | 4 large, different | before the classifier | none | new classifier |
enum CaseShorthand {
    /// The configuration with the case's settings added where the file is silent; values it adds have the origin `(case N)`.
    static func expand(_ config: ResolvedConfig, head caseHead: CaseHead?, earlyCutHead: CaseHead) -> ResolvedConfig {
        guard let number = config.root["case"]?.int, let caseNode = config.root["case"] else { return config }
        var sink = DiagnosticSink(config: config)
        let span = caseNode.span.synthesized(by: "(case \(number))")
        var root = config.root
        func isWritten(_ key: String) -> Bool { root[key].map { !$0.span.isSynthesized } ?? false }
        func set(_ key: String, _ value: DefaultValue) {
            guard !isWritten(key) else { return }
            root = root.setting(key, to: DefaultNodes.node(value, at: span), keySpan: span)
        }
        func setHead(_ head: CaseHead) {
            let entries = head.values.map { DefaultNodes.node($0, at: span) }
            root = root.setting("head", to: YAMLNode(value: .sequence(entries), span: span), keySpan: span)
        }
        if number == 2 {
            if !isWritten("slice") {
                sink.report(
                    "case/needs-slice", at: .root.key("case"),
                    "case 2 keeps only the early layers, so it needs 'slice'",
                    hint: "add e.g. 'slice: conv2' (run 'tlrun zoo <model>' for the layer names)")
            }
            if !isWritten("head") { setHead(earlyCutHead) }
        } else if let caseHead {
            set("slice", .mapping([("before", .scalar(.string(caseHead.classifier)))]))
            if !isWritten("head") { setHead(caseHead) }
        } else if !isWritten("slice") || !isWritten("head") {
            sink.report(
                "case/no-classifier", at: .root.key("case"),
                "case \(number) replaces the classifier, but the source model has no linear layer",
                hint: "write 'slice' and 'head' yourself")
        }
        let freezes = number <= 2
        if isWritten("freeze"), let word = root["freeze"]?.string, word != (freezes ? "all" : "none") {
            sink.warn(
                "case/conflict", at: .root.key("freeze"),
                "case \(number) \(freezes ? "freezes the pre-trained layers" : "trains every layer"); 'freeze: \(word)' overrides that"
            )
        }
        set("freeze", .scalar(.string(freezes ? "all" : "none")))
        if number == 3, root["source"]?["weights"]?.string == "random" {
            sink.warn(
                "case/conflict", at: .root.key("source").key("weights"),
                "case 3 fine-tunes pre-trained weights; with random weights this is case 4 (training from scratch)")
        }
        var expanded = config
        expanded.root = root
        expanded.diagnostics = sink.list
        return expanded
    }
}
