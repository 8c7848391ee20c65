/// Stochastic gradient descent exactly as `torch.optim.SGD` (momentum, dampening, Nesterov, L2 weight decay).
public final class SGD: Optimizer {
    public let parameters: [Parameter]
    private let momentum: Float
    private let dampening: Float
    private let nesterov: Bool
    private let weightDecay: Float
    private let state = OptimizerState()

    /// Creates the optimizer over `parameters`.
    public init(parameters: [Parameter], momentum: Float = 0, dampening: Float = 0, nesterov: Bool = false, weightDecay: Float = 0) {
        self.parameters = parameters
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    /// One SGD update of every parameter at `learningRate` times its group multiplier.
    public func step(learningRate: Double) {
        for parameter in parameters {
            let lr = Float(learningRate * parameter.lrMultiplier)
            let p = parameter.value.pointer, g = parameter.grad.pointer
            let first = state.advance(parameter) == 1
            let buffer = momentum != 0 ? state.buffer(parameter, "momentum_buffer").pointer : nil
            for i in 0..<parameter.count {
                var d = g[i] + weightDecay * p[i]
                if let buffer {
                    buffer[i] = first ? d : momentum * buffer[i] + (1 - dampening) * d
                    d = nesterov ? d + momentum * buffer[i] : buffer[i]
                }
                p[i] -= lr * d
            }
        }
    }

    /// The state by parameter name, for checkpoints.
    public func stateTensors() -> [(name: String, values: [Float])] { state.tensors() }

    /// Restores state saved by `stateTensors`.
    public func loadState(_ tensors: [(name: String, values: [Float])]) throws {
        try state.load(tensors, parameters: parameters, kinds: ["momentum_buffer"])
    }
}
