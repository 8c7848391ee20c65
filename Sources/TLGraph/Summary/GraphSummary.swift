import TLFiles

/// The numbers `tlrun summary` and `tlrun zoo` print for a graph.
public struct GraphTotals: Sendable, Equatable {
    /// Weights and biases (buffers such as running statistics not counted, as `sum(p.numel())` in PyTorch).
    public var parameters: Int
    public var trainableParameters: Int
    /// Multiply-accumulates for one image's forward pass.
    public var macsPerImage: Int
    /// Bytes of forward activations for one batch (float32).
    public var activationBytes: Int
}

/// One row of a layer table.
public struct LayerRow: Sendable {
    public var name: String
    public var op: String
    public var depth: Int
    public var output: TensorShape
    public var parameters: Int
    /// "train", "frozen", or "-" for layers without parameters.
    public var training: String
    /// "batch stats" or "running stats" for BatchNorm layers, else nil.
    public var batchNorm: String?
    public var lrMultiplier: Double
    public var isHead: Bool
}

/// Builds layer tables and totals for a transfer graph.
public enum GraphSummary {
    /// One row per layer (nested layers included) in execution order.
    public static func rows(_ graph: TransferGraph) -> [LayerRow] {
        let head = graph.headNames
        return graph.inferred.map { entry in
            let layer = entry.layer
            let parameters = layer.ownParameters.trainableCount
            let training = parameters == 0 ? "-" : graph.frozen.contains(layer.name) ? "frozen" : "train"
            let mode = graph.batchNormModes[layer.name].map { $0 == .frozen ? "running stats" : "batch stats" }
            return LayerRow(
                name: layer.name, op: layer.op.kind, depth: entry.depth, output: entry.output, parameters: parameters,
                training: training, batchNorm: mode, lrMultiplier: graph.lrMultipliers[layer.name] ?? 1,
                isHead: head.contains(layer.name))
        }
    }

    /// Totals for `graph` at `batchSize`.
    public static func totals(_ graph: TransferGraph, batchSize: Int) -> GraphTotals {
        let rows = rows(graph)
        let top = graph.inferred.filter { $0.depth == 0 }
        return GraphTotals(
            parameters: CheckedSize.saturatingSum(rows.map(\.parameters)),
            trainableParameters: CheckedSize.saturatingSum(rows.filter { $0.training == "train" }.map(\.parameters)),
            macsPerImage: CheckedSize.saturatingSum(top.map(\.macs)),
            activationBytes: CheckedSize.saturatingProduct([
                CheckedSize.saturatingSum(graph.inferred.map(\.output.elementCount)), 4, batchSize,
            ]))
    }
}
