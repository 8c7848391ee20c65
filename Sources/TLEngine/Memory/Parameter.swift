import TLGraph

/// A named tensor of a network: a trainable weight or bias, or a buffer such as BatchNorm's running statistics.
public final class Parameter {
    /// The state_dict key, such as `layer1.0.conv1.weight`.
    public let name: String
    /// PyTorch's shape (`[out, in/groups, kh, kw]` for convolution weights).
    public let shape: [Int]
    public let value: FloatBuffer
    /// True for tensors saved but never trained (running statistics, `num_batches_tracked`).
    public let isBuffer: Bool
    /// True for integer tensors (`num_batches_tracked`, Swin's `relative_position_index`), stored here as exact small
    /// floats.
    public let isInteger: Bool
    /// Whether the optimizer updates it now (set from the freeze policy when a plan is compiled).
    public internal(set) var trainable = false
    /// The learning-rate multiplier of its parameter group.
    public internal(set) var lrMultiplier: Double = 1
    private var gradStorage: FloatBuffer?

    init(_ info: ParameterInfo) throws {
        name = info.name
        shape = info.shape
        value = try FloatBuffer(count: max(info.count, 1))
        isBuffer = !info.trainable
        isInteger = Self.integerBuffers.contains { info.name.hasSuffix($0) }
    }

    /// The names (last part) of the buffers PyTorch keeps as int64.
    static let integerBuffers = ["num_batches_tracked", "relative_position_index"]

    /// Allocates the gradient buffer (zeros) unless it exists: a plan does so when it marks the parameter trainable.
    func allocateGradient() throws {
        if gradStorage == nil { gradStorage = try FloatBuffer(count: value.count) }
    }

    /// The gradient buffer of a parameter a compiled plan trains (see `allocateGradient`).
    public var grad: FloatBuffer {
        guard let gradStorage else { preconditionFailure("'\(name)' has no gradient: no compiled plan trains it") }
        return gradStorage
    }

    /// The gradient if one was ever allocated.
    public var existingGrad: FloatBuffer? { gradStorage }

    /// Elements in the tensor.
    public var count: Int { value.count }
}

/// Every parameter and buffer of a network, in state_dict order, initialised as PyTorch does.
public final class ParameterStore {
    public private(set) var parameters: [Parameter] = []
    private var index: [String: Parameter] = [:]

    /// Creates (and initialises with `seed`) the tensors of `layers`; layers whose names are already here are skipped.
    public init(layers: [Layer], seed: UInt64) throws {
        try add(layers, seed: seed)
    }

    /// Adds the tensors of `layers` not yet present, initialised with `seed`.
    public func add(_ layers: [Layer], seed: UInt64) throws {
        for layer in layers.flatMap(\.flattened) {
            let own = layer.ownParameters
            for info in own where index[info.name] == nil {
                let parameter = try Parameter(info)
                Initializer.initialize(parameter, as: info.initial, seed: seed)
                parameters.append(parameter)
                index[info.name] = parameter
            }
        }
    }

    /// The parameter called `name`.
    public subscript(name: String) -> Parameter? { index[name] }

    /// Sets a parameter's values (PyTorch layout); the count must match.
    public func set(_ name: String, values: [Float]) throws {
        guard let parameter = index[name] else { throw EngineError.missingTensor(name) }
        guard values.count == parameter.count else {
            throw EngineError.countMismatch(tensor: name, expected: parameter.count, got: values.count)
        }
        parameter.value.copy(from: values)
    }
}
