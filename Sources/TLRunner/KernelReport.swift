import TLEngine
import TLGraph

/// The oneDNN implementation of every primitive of a network's training and evaluation plans on this CPU: what
/// `tlrun summary --kernels` shows, and where reference (slow) implementations would run.
public struct KernelReport {
    /// The instruction set oneDNN's kernels use in this process.
    public let instructionSet: String
    /// The training plan's primitives (the pipeline's freeze policy), in the order they were created.
    public let training: [KernelChoice]
    /// The evaluation plan's primitives (every layer frozen, running statistics).
    public let evaluation: [KernelChoice]

    /// Compiles `graph`'s training and evaluation plans for `batchSize` images (random weights; nothing runs).
    public init(graph: TransferGraph, batchSize: Int) throws {
        let store = try ParameterStore(layers: graph.layers, seed: 0)
        instructionSet = InstructionSet.current
        training = try CompiledNetwork(graph: graph, batchSize: batchSize, store: store, seed: 0).kernelChoices
        let everything = Set(graph.layers.flatMap(\.flattened).map(\.name))
        evaluation = try CompiledNetwork(
            layers: graph.layers, input: graph.input, batchSize: batchSize, store: store, frozen: everything,
            batchNormModes: graph.batchNormModes
        ).kernelChoices
    }

    /// The reference implementations among `choices`, one per layer, operation and direction.
    public static func references(_ choices: [KernelChoice]) -> [KernelChoice] {
        var seen = Set<String>()
        return choices.filter { $0.isReference && seen.insert("\($0.layer) \($0.operation) \($0.direction)").inserted }
    }

    /// A warning for a reference implementation in a plan: which layer, operation, direction, shapes and instruction set.
    public static func warning(_ choice: KernelChoice) -> String {
        "warning: layer '\(choice.layer)' runs oneDNN's reference implementation (\(choice.implementation)) for "
            + "\(choice.operation) \(choice.direction) (\(choice.shape)) on \(InstructionSet.current); that step will be slow"
    }
}
