extension TransferGraph {
    /// A zoo model as a graph on its own (no cut, no head, nothing frozen), with any shape problems.
    public static func zoo(_ model: ZooModel, input: TensorShape? = nil, classes: Int? = nil) -> (
        TransferGraph, [ShapeProblem]
    ) {
        whole(
            model.build(classes ?? model.defaultClasses), input: input ?? model.defaultInput,
            classes: classes ?? model.defaultClasses)
    }

    /// A whole network as a graph on its own (no cut, no head, nothing frozen, BatchNorm in training mode), with any shape
    /// problems.
    public static func whole(_ layers: [Layer], input: TensorShape, classes: Int?) -> (TransferGraph, [ShapeProblem]) {
        let inference = ShapeInference.run(layers, input: input)
        var modes: [String: BatchNormMode] = [:]
        for layer in inference.layers.flatMap(\.flattened) where layer.op.hasRunningStatistics {
            modes[layer.name] = .train
        }
        let graph = TransferGraph(
            input: input, sourceNames: inference.layers.flatMap(\.flattened).map(\.name),
            kept: inference.layers, head: [], cutAfter: nil, removed: [], inferred: inference.inferred,
            output: inference.output,
            frozen: [], batchNormModes: modes, lrMultipliers: [:], unfreezeSteps: [], classes: classes)
        return (graph, inference.problems)
    }
}
