import TLConfig
import TLFiles

/// Checks that training the graph at its batch size fits the memory budget, so that `validate` and `summary` report a
/// plan that cannot be allocated and `run` refuses it before allocating anything.
struct MemoryPlanCheck {
    let pipeline: Pipeline
    let budget: MemoryBudget
    var sink: DiagnosticSink

    /// Float32 bytes one sample's activations take in training: the input and every layer's output, each with its gradient.
    static func activationBytesPerSample(_ graph: TransferGraph) -> Int {
        let elements = CheckedSize.saturatingSum([graph.input.elementCount] + graph.inferred.map(\.output.elementCount))
        return CheckedSize.saturatingProduct([elements, 2, 4])
    }

    /// Float32 bytes the parameters take in training: each with its gradient and two optimizer moments.
    static func parameterBytes(_ graph: TransferGraph) -> Int {
        let elements = CheckedSize.saturatingSum(graph.layers.flatMap(\.allParameters).map(\.count))
        return CheckedSize.saturatingProduct([elements, 4, 4])
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
        let hint = fitting >= 1
            ? "lower train.batch_size to \(fitting) or less, or use a smaller source.input"
            : "use a smaller source.input or smaller layers: even one image does not fit"
        sink.report("memory/plan-too-large", at: .root.key("train").key("batch_size"),
                    "training at batch size \(batch) needs about \(MemoryBudget.amount(needed)) (activations and their gradients "
                        + "\(MemoryBudget.amount(perSample)) per image, parameters with gradients and optimizer state "
                        + "\(MemoryBudget.amount(parameters))), over the memory budget of \(MemoryBudget.amount(budget.bytes)) "
                        + "(half of this machine's memory or address-space limit)",
                    expected: "at most \(MemoryBudget.amount(budget.bytes))", got: MemoryBudget.amount(needed), hint: hint)
    }
}
