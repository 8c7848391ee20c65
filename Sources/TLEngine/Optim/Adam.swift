import Foundation

/// Adam exactly as `torch.optim.Adam` (L2 weight decay) or, with `decoupled`, `torch.optim.AdamW`.
public final class Adam: Optimizer {
    public let parameters: [Parameter]
    private let beta1: Float
    private let beta2: Float
    private let eps: Float
    private let weightDecay: Float
    private let decoupled: Bool
    private let state = OptimizerState()
    /// This step's constants and state buffers by parameter index.
    private var steps: [Step]
    private lazy var update = ElementwiseUpdate(counts: parameters.map(\.count)) { [unowned self] in self.update($0, $1)
    }

    /// One parameter's step: its step size, decoupled decay factor, L2 coefficient, √(bias correction 2), and moments.
    private struct Step {
        var stepSize: Float = 0, decay: Float = 1, l2: Float = 0, correction2Root: Float = 1
        var m: FloatBuffer?, v: FloatBuffer?
    }

    /// Creates the optimizer over `parameters`.
    public init(
        parameters: [Parameter], betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8, weightDecay: Float = 0,
        decoupled: Bool = false
    ) {
        self.parameters = parameters
        beta1 = betas.0
        beta2 = betas.1
        self.eps = eps
        self.weightDecay = weightDecay
        self.decoupled = decoupled
        steps = Array(repeating: Step(), count: parameters.count)
    }

    /// One Adam (or AdamW) update of every parameter at `learningRate` times its group multiplier.
    public func step(learningRate: Double) throws {
        for (index, parameter) in parameters.enumerated() {
            let count = Double(state.advance(parameter))
            let lr = learningRate * parameter.lrMultiplier
            steps[index] = Step(
                stepSize: Float(lr / (1 - pow(Double(beta1), count))),
                decay: decoupled ? 1 - Float(lr) * weightDecay : 1,
                l2: decoupled ? 0 : weightDecay, correction2Root: Float((1 - pow(Double(beta2), count)).squareRoot()),
                m: try state.buffer(parameter, "exp_avg"), v: try state.buffer(parameter, "exp_avg_sq"))
        }
        ComputeThreads.share(update)
    }

    /// Updates `elements` of parameter `index`.
    private func update(_ index: Int, _ elements: Range<Int>) {
        let step = steps[index]
        let p = parameters[index].value.pointer, g = parameters[index].grad.pointer
        guard let m = step.m?.pointer, let v = step.v?.pointer else { return }
        for i in elements {
            p[i] *= step.decay
            let gradient = g[i] + step.l2 * p[i]
            m[i] += (1 - beta1) * (gradient - m[i])
            v[i] = beta2 * v[i] + (1 - beta2) * gradient * gradient
            p[i] -= step.stepSize * m[i] / (v[i].squareRoot() / step.correction2Root + eps)
        }
    }

    /// The state by parameter name, for checkpoints.
    public func stateTensors() -> [(name: String, values: [Float])] { state.tensors() }

    /// Restores state saved by `stateTensors`.
    public func loadState(_ tensors: [(name: String, values: [Float])]) throws {
        try state.load(tensors, parameters: parameters, kinds: ["exp_avg", "exp_avg_sq"])
    }
}
