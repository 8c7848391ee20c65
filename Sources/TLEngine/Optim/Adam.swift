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

    /// Creates the optimizer over `parameters`.
    public init(parameters: [Parameter], betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8, weightDecay: Float = 0, decoupled: Bool = false) {
        self.parameters = parameters
        beta1 = betas.0
        beta2 = betas.1
        self.eps = eps
        self.weightDecay = weightDecay
        self.decoupled = decoupled
    }

    /// One Adam (or AdamW) update of every parameter at `learningRate` times its group multiplier.
    public func step(learningRate: Double) {
        for parameter in parameters {
            let steps = Double(state.advance(parameter))
            let correction1 = 1 - pow(Double(beta1), steps)
            let correction2Root = Float((1 - pow(Double(beta2), steps)).squareRoot())
            let lr = learningRate * parameter.lrMultiplier
            let stepSize = Float(lr / correction1)
            let decay = decoupled ? 1 - Float(lr) * weightDecay : 1
            let l2 = decoupled ? 0 : weightDecay
            let p = parameter.value.pointer, g = parameter.grad.pointer
            let m = state.buffer(parameter, "exp_avg").pointer, v = state.buffer(parameter, "exp_avg_sq").pointer
            for i in 0..<parameter.count {
                p[i] *= decay
                let gradient = g[i] + l2 * p[i]
                m[i] += (1 - beta1) * (gradient - m[i])
                v[i] = beta2 * v[i] + (1 - beta2) * gradient * gradient
                p[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2Root + eps)
            }
        }
    }

    /// The state by parameter name, for checkpoints.
    public func stateTensors() -> [(name: String, values: [Float])] { state.tensors() }

    /// Restores state saved by `stateTensors`.
    public func loadState(_ tensors: [(name: String, values: [Float])]) throws {
        try state.load(tensors, parameters: parameters, kinds: ["exp_avg", "exp_avg_sq"])
    }
}
