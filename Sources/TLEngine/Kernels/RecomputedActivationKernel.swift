/// An element-wise activation whose backward reads its input (GELU, SiLU, Hardswish ...) followed by the one layer that reads
/// its result (a linear layer or a convolution), in a training plan. The activation's result lives in shared scratch
/// instead of being kept for the whole step: backward computes it again, one cheap element-wise pass, right before
/// the consumer's backward reads it for its weight gradient. A ConvNeXt, ViT or Swin block keeps four channels per
/// input channel fewer this way.
final class RecomputedActivationKernel: Kernel {
    let output: Value
    private let activation: Kernel
    private let consumer: Kernel
    /// Whether the consumer's backward reads the activation's result (it trains weights); else nothing recomputes it.
    private let recomputes: Bool

    /// `activation` (whose result is transient) and `consumer`, compiled on that result; `consumerTrains` tells whether
    /// the consumer's backward reads it.
    init(activation: Kernel, consumer: Kernel, consumerTrains: Bool) {
        self.activation = activation
        self.consumer = consumer
        recomputes = consumerTrains
        output = consumer.output
    }

    func forward(training: Bool) {
        activation.forward(training: training)
        consumer.forward(training: training)
    }

    func backward() {
        if recomputes { activation.forward(training: true) }
        consumer.backward()
        activation.backward()
    }

    func forwardSteps() -> [PlanStep] { activation.forwardSteps() + consumer.forwardSteps() }

    func backwardSteps() -> [PlanStep] {
        (recomputes ? activation.forwardSteps() : []) + consumer.backwardSteps() + activation.backwardSteps()
    }
}
