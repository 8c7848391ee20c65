import TLConfig
import TLFiles

/// Checks that training the graph at its batch size fits the memory budget, so that `validate` and `summary` report a
/// plan that cannot be allocated and `run` refuses it before allocating anything.
struct MemoryPlanCheck {
    let pipeline: Pipeline
    let budget: MemoryBudget
    var sink: DiagnosticSink

    /// Float32 bytes one sample's activations take in training: the input and every layer's output, each with its
    /// gradient, except the outputs of the frozen layers before the first layer that trains, which backward never reaches.
    static func activationBytesPerSample(_ graph: TransferGraph) -> Int {
        var frozenPrefix = true
        let elements = graph.inferred.map { entry -> Int in
            frozenPrefix = frozenPrefix && graph.frozen.contains(entry.layer.name)
            return CheckedSize.saturatingProduct([entry.output.elementCount, frozenPrefix ? 1 : 2])
        }
        return CheckedSize.saturatingProduct([CheckedSize.saturatingSum([graph.input.elementCount] + elements), 4])
    }

    /// Float32 bytes the parameters take in training: the trainable ones each with its gradient and two optimizer
    /// moments, the frozen ones and the buffers once.
    static func parameterBytes(_ graph: TransferGraph) -> Int {
        let elements = graph.layers.flatMap(\.flattened).flatMap { layer in
            layer.ownParameters.map { info in
                CheckedSize.saturatingProduct([
                    info.count, info.trainable && !graph.frozen.contains(layer.name) ? 4 : 1,
                ])
            }
        }
        return CheckedSize.saturatingProduct([CheckedSize.saturatingSum(elements), 4])
    }

    /// Reports, at `train.batch_size`, a plan whose activations and parameters need more than the budget.
    mutating func run(graph: TransferGraph?) {
        guard let graph, graph.output != nil else { return }
        let batch = pipeline.train.batchSize
        let perSample = Self.activationBytesPerSample(graph)
        let parameters = Self.parameterBytes(graph)
        let needed = CheckedSize.saturatingSum([CheckedSize.saturatingProduct([perSample, batch]), parameters])
        guard !budget.allows(needed) else { return }
        let fitting = parameters < budget.bytes ? (budget.bytes - parameters) / max(perSample, 1) : 0
        let hint =
            fitting >= 1
            ? "lower train.batch_size to \(fitting) or less, or use a smaller source.input"
            : "use a smaller source.input or smaller layers: even one image does not fit"
        sink.report(
            "memory/plan-too-large", at: .root.key("train").key("batch_size"),
            "training at batch size \(batch) needs about \(MemoryBudget.amount(needed)) (activations and the gradients of "
                + "those that train \(MemoryBudget.amount(perSample)) per image, parameters with gradients and optimizer state "
                + "\(MemoryBudget.amount(parameters))), over the memory budget of \(MemoryBudget.amount(budget.bytes)) "
                + "(half of this machine's memory or address-space limit)",
            expected: "at most \(MemoryBudget.amount(budget.bytes))", got: MemoryBudget.amount(needed), hint: hint)
    }
}
