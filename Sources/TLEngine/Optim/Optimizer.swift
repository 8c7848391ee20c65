/// Updates parameters from their gradients with PyTorch's exact rules; its state is saved by parameter name.
public protocol Optimizer: AnyObject {
    /// The parameters it updates, each with its group's learning-rate multiplier.
    var parameters: [Parameter] { get }
    /// Applies one update with base learning rate `learningRate` (times each parameter's multiplier).
    func step(learningRate: Double) throws
    /// The optimizer state as named tensors (`<param>.momentum_buffer`, `<param>.exp_avg`, `<param>.step`, ...).
    func stateTensors() -> [(name: String, values: [Float])]
    /// Restores state saved by `stateTensors`; names that do not fit are an error.
    func loadState(_ tensors: [(name: String, values: [Float])]) throws
}

/// Per-parameter state buffers and update counts, saved and restored as `<parameter>.<kind>` tensors; lookups
/// during a step allocate nothing.
final class OptimizerState {
    private final class Slot {
        let parameter: Parameter
        var steps = 0
        var buffers: [(kind: String, buffer: FloatBuffer)] = []

        init(_ parameter: Parameter) { self.parameter = parameter }
    }

    private var slots: [ObjectIdentifier: Slot] = [:]
    private var order: [Slot] = []

    private func slot(_ parameter: Parameter) -> Slot {
        if let existing = slots[ObjectIdentifier(parameter)] { return existing }
        let created = Slot(parameter)
        slots[ObjectIdentifier(parameter)] = created
        order.append(created)
        return created
    }

    /// The buffer for `parameter`'s `kind`, created zeroed on first use.
    func buffer(_ parameter: Parameter, _ kind: String) throws -> FloatBuffer {
        let slot = slot(parameter)
        for entry in slot.buffers where entry.kind == kind { return entry.buffer }
        let created = try FloatBuffer(count: parameter.count)
        slot.buffers.append((kind, created))
        return created
    }

    /// Counts one more update of `parameter` and returns how many it has had (1 for the first).
    func advance(_ parameter: Parameter) -> Int {
        let slot = slot(parameter)
        slot.steps += 1
        return slot.steps
    }

    /// Every buffer as named values, and each parameter's update count as `<param>.step`.
    func tensors() -> [(name: String, values: [Float])] {
        order.flatMap { slot in
            [("\(slot.parameter.name).step", [Float(slot.steps)])]
                + slot.buffers.map { ("\(slot.parameter.name).\($0.kind)", $0.buffer.array) }
        }
    }

    /// Restores buffers and counts for `parameters` from named values.
    func load(_ tensors: [(name: String, values: [Float])], parameters: [Parameter], kinds: [String]) throws {
        let known = Dictionary(
            uniqueKeysWithValues: parameters.flatMap { p in (kinds + ["step"]).map { ("\(p.name).\($0)", (p, $0)) } })
        for (name, values) in tensors {
            guard let (parameter, kind) = known[name] else { throw EngineError.unknownOptimizerState(name) }
            if kind == "step" {
                slot(parameter).steps = Int(values.first ?? 0)
                continue
            }
            guard values.count == parameter.count else {
                throw EngineError.optimizerStateCount(name, expected: parameter.count, got: values.count)
            }
            try buffer(parameter, kind).copy(from: values)
        }
    }
}
