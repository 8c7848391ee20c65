import TLConfig

/// How a BatchNorm layer behaves in training.
public enum BatchNormMode: String, Sendable {
    /// Batch statistics, running statistics updated (a trainable layer, or frozen with `batchnorm: train`).
    case train
    /// Running statistics, never updated (a frozen layer with the default `batchnorm: eval`).
    case frozen

    /// The mode `layer` runs in, for every reader alike: nil when it is not a BatchNorm layer, and batch statistics
    /// when `modes` has no entry for it.
    public static func of(_ layer: Layer, in modes: [String: BatchNormMode]) -> BatchNormMode? {
        layer.op.hasRunningStatistics ? modes[layer.name] ?? .train : nil
    }
}

/// The network a pipeline trains: the source cut at the slicing point, the freeze policy, and the head.
public struct TransferGraph: Sendable {
    public var input: TensorShape
    /// Every source layer name (nested included) before slicing, for selectors and suggestions.
    public var sourceNames: [String]
    /// The kept source layers (top level), after slicing.
    public var kept: [Layer]
    /// The new head layers.
    public var head: [Layer]
    /// Where the source was cut, such as `fc2` (nil when nothing was cut).
    public var cutAfter: String?
    /// Source layers removed by slicing (top level).
    public var removed: [String]
    /// Every layer of kept + head (nested included) with shapes and costs.
    public var inferred: [InferredLayer]
    /// The output shape per sample, when inference reached the end.
    public var output: TensorShape?
    /// Names (flattened) of frozen layers.
    public var frozen: Set<String>
    /// BatchNorm behaviour by layer name.
    public var batchNormModes: [String: BatchNormMode]
    /// Learning-rate multiplier by layer name (1 when absent).
    public var lrMultipliers: [String: Double]
    /// Gradual unfreezing: from `epoch` on, these layers (flattened names) train.
    public var unfreezeSteps: [(epoch: Int, layers: [String])]
    /// The number of dataset classes the head's `classes` stands for (nil when unknown).
    public var classes: Int?

    /// Every layer that trains, is frozen, or was added (top level).
    public var layers: [Layer] { kept + head }

    /// Names of head layers (nested included).
    public var headNames: Set<String> { Set(head.flatMap(\.flattened).map(\.name)) }

    /// Whether a layer (by flattened name) trains in the first epoch.
    public func trains(_ name: String) -> Bool { !frozen.contains(name) }
}
