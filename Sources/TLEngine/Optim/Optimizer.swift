import TLConfig

/// Updates parameters from their gradients with PyTorch's exact rules; its state is saved by parameter name.
public protocol Optimizer: AnyObject {
    /// The parameters it updates, each with its group's learning-rate multiplier.
    var parameters: [Parameter] { get }
    /// Applies one update with base learning rate `learningRate` (times each parameter's multiplier).
    func step(learningRate: Double)
    /// The optimizer state as named tensors (`<param>.momentum_buffer`, `<param>.exp_avg`, `<param>.step`, ...).
    func stateTensors() -> [(name: String, values: [Float])]
    /// Restores state saved by `stateTensors`; names that do not fit are an error.
    func loadState(_ tensors: [(name: String, values: [Float])]) throws
}

/// Builds the optimizer a pipeline asks for.
public enum Optimizers {
    /// The optimizer for `spec` over `parameters`.
    public static func make(_ spec: OptimizerSpec, parameters: [Parameter]) -> Optimizer {
        switch spec.type {
        case "sgd":
            return SGD(parameters: parameters, momentum: Float(spec.momentum), dampening: Float(spec.dampening),
                       nesterov: spec.nesterov, weightDecay: Float(spec.weightDecay))
        default:
            return Adam(parameters: parameters, betas: (Float(spec.betas.0), Float(spec.betas.1)), eps: Float(spec.eps),
                        weightDecay: Float(spec.weightDecay), decoupled: spec.type == "adamw")
        }
    }
}

/// Per-parameter state buffers keyed by `<parameter>.<kind>`, shared by the optimizers' save and restore.
final class OptimizerState {
    private(set) var buffers: [String: FloatBuffer] = [:]
    private(set) var order: [String] = []

    private var steps: [String: Int] = [:]

    /// The buffer for `parameter`'s `kind`, created zeroed on first use.
    func buffer(_ parameter: Parameter, _ kind: String) -> FloatBuffer {
        let key = "\(parameter.name).\(kind)"
        if let existing = buffers[key] { return existing }
        let created = FloatBuffer(count: parameter.count)
        buffers[key] = created
        order.append(key)
        return created
    }

    /// Counts one more update of `parameter` and returns how many it has had (1 for the first).
    func advance(_ parameter: Parameter) -> Int {
        let count = (steps[parameter.name] ?? 0) + 1
        steps[parameter.name] = count
        return count
    }

    /// Every buffer as named values, and each parameter's update count as `<param>.step`.
    func tensors() -> [(name: String, values: [Float])] {
        steps.keys.sorted().map { ("\($0).step", [Float(steps[$0]!)]) } + order.map { ($0, buffers[$0]!.array) }
    }

    /// Restores buffers for `parameters` from named values.
    func load(_ tensors: [(name: String, values: [Float])], parameters: [Parameter], kinds: [String]) throws {
        let known = Dictionary(uniqueKeysWithValues: parameters.flatMap { p in (kinds + ["step"]).map { ("\(p.name).\($0)", p) } })
        for (name, values) in tensors {
            guard let parameter = known[name] else { throw EngineError("optimizer state '\(name)' belongs to no trained parameter") }
            let kind = String(name.dropFirst(parameter.name.count + 1))
            if kind == "step" {
                steps[parameter.name] = Int(values.first ?? 0)
                continue
            }
            guard values.count == parameter.count else {
                throw EngineError("optimizer state '\(name)' has \(values.count) values, the parameter has \(parameter.count)")
            }
            buffer(parameter, kind).copy(from: values)
        }
    }
}
