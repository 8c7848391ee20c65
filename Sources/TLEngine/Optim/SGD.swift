/// Stochastic gradient descent exactly as `torch.optim.SGD` (momentum, dampening, Nesterov, L2 weight decay).
public final class SGD: Optimizer {
    public let parameters: [Parameter]
    private let momentum: Float
    private let dampening: Float
    private let nesterov: Bool
    private let weightDecay: Float
    private let state = OptimizerState()
    /// This step's learning rate, whether it is the parameter's first update, and its momentum buffer, by index.
    private var rates: [Float], firstUpdates: [Bool], momentumBuffers: [FloatBuffer?]
    private lazy var update = ElementwiseUpdate(counts: parameters.map(\.count)) { [unowned self] in self.update($0, $1)
    }

    /// Creates the optimizer over `parameters`.
    public init(
        parameters: [Parameter], momentum: Float = 0, dampening: Float = 0, nesterov: Bool = false,
        weightDecay: Float = 0
    ) {
        self.parameters = parameters
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        rates = Array(repeating: 0, count: parameters.count)
        firstUpdates = Array(repeating: false, count: parameters.count)
        momentumBuffers = Array(repeating: nil, count: parameters.count)
    }

    /// One SGD update of every parameter at `learningRate` times its group multiplier.
    public func step(learningRate: Double) throws {
        for (index, parameter) in parameters.enumerated() {
            rates[index] = Float(learningRate * parameter.lrMultiplier)
            firstUpdates[index] = state.advance(parameter) == 1
            momentumBuffers[index] = momentum != 0 ? try state.buffer(parameter, "momentum_buffer") : nil
        }
        ComputeThreads.share(update)
    }

    /// Updates `elements` of parameter `index`.
    private func update(_ index: Int, _ elements: Range<Int>) {
        let p = parameters[index].value.pointer, g = parameters[index].grad.pointer
        let (lr, first, buffer) = (rates[index], firstUpdates[index], momentumBuffers[index]?.pointer)
        for i in elements {
            var d = g[i] + weightDecay * p[i]
            if let buffer {
                buffer[i] = first ? d : momentum * buffer[i] + (1 - dampening) * d
                d = nesterov ? d + momentum * buffer[i] : buffer[i]
            }
            p[i] -= lr * d
        }
    }

    /// The state by parameter name, for checkpoints.
    public func stateTensors() -> [(name: String, values: [Float])] { state.tensors() }

    /// Restores state saved by `stateTensors`.
    public func loadState(_ tensors: [(name: String, values: [Float])]) throws {
        try state.load(tensors, parameters: parameters, kinds: ["momentum_buffer"])
    }
}
