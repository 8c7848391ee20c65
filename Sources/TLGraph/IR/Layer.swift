import TLConfig
import TLFiles

/// One named layer of a network graph.
public struct Layer: Sendable {
    /// The torchvision-compatible module name; parameter keys are `<name>.weight` and so on.
    public var name: String
    /// What the layer computes (one of the types in `LayerRegistry`).
    public var op: any LayerOperation
    /// Where the layer was written in the pipeline (inline models and heads), nil for zoo layers.
    public var origin: ConfigPath?

    /// Creates a layer.
    public init(_ name: String, _ op: any LayerOperation, origin: ConfigPath? = nil) {
        self.name = name
        self.op = op
        self.origin = origin
    }

    /// This layer with `origin` set on it and on every layer nested inside it.
    public func placed(at origin: ConfigPath) -> Layer {
        Layer(name, op.mappingNested { $0.placed(at: origin) }, origin: origin)
    }

    /// This layer with its operation replaced by `op` (as shape inference resolves it).
    public func with(_ op: any LayerOperation) -> Layer {
        Layer(name, op, origin: origin)
    }

    /// This layer followed by every layer nested inside it, depth first, in state_dict order: nested layers whose
    /// tensors are this layer's own (`belongsToEnclosingBlock`) come first, as torchvision lists a module's own
    /// tensors before its submodules'.
    public var flattened: [Layer] {
        let nested = op.nestedLayers
        return [self]
            + (nested.filter(\.op.belongsToEnclosingBlock) + nested.filter { !$0.op.belongsToEnclosingBlock })
            .flatMap(\.flattened)
    }
}

/// How a fresh parameter is filled, as `torch.nn` initialises a new module.
public enum InitialValue: Sendable, Equatable {
    /// Uniform in ±1/√fanIn (kaiming_uniform_ with a=√5 for weights and U(±1/√fan_in) for biases share this bound).
    case uniform(fanIn: Int)
    /// All ones (BatchNorm scale, running variance).
    case ones
    /// All zeros.
    case zeros
    /// Every element the same value (ConvNeXt's layer scale starts at 1e-6).
    case filled(Double)
    /// Uniform in ±`bound`.
    case uniformWithin(Double)
    /// Normal with mean 0 and standard deviation `std`, drawn again outside ±`bound` when one is given (trunc_normal_).
    case normal(std: Double, bound: Double?)
    /// These values, in order (a buffer computed from the layer's geometry, such as Swin's relative position index).
    case values([Float])
}

/// A named tensor a layer owns: a trainable parameter or a buffer (BatchNorm running statistics).
public struct ParameterInfo: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    /// False for buffers such as `running_mean`, which are saved but not trained.
    public var trainable: Bool
    /// How a network made without weights fills it.
    public var initial: InitialValue

    /// Creates a tensor description.
    public init(name: String, shape: [Int], trainable: Bool = true, initial: InitialValue = .zeros) {
        self.name = name
        self.shape = shape
        self.trainable = trainable
        self.initial = initial
    }

    /// Elements in the tensor (`Int.max` when the product overflows).
    public var count: Int { CheckedSize.saturatingProduct(shape) }
}

extension Sequence where Element == ParameterInfo {
    /// The elements of the trainable tensors among these (the count a summary reports as trainable parameters).
    public var trainableCount: Int { CheckedSize.saturatingSum(filter(\.trainable).map(\.count)) }
}

extension Layer {
    /// The tensors this layer owns directly (not those of nested layers), in torchvision's state_dict order.
    public var ownParameters: [ParameterInfo] { op.parameters(named: name) }

    /// Every tensor of this layer and its nested layers, in state_dict order.
    public var allParameters: [ParameterInfo] { flattened.flatMap(\.ownParameters) }
}
