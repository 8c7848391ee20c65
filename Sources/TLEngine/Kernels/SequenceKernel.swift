/// A block's layers run one after the other: forward in order, backward in reverse; its steps are its kernels'
/// steps, so the plan chains them with their neighbours as if the block were not there.
final class SequenceKernel: Kernel {
    let output: Value
    private let kernels: [Kernel]

    /// The kernels of a block's layers, compiled on its input; `output` is the value the last one makes.
    init(_ kernels: [Kernel], output: Value) {
        self.kernels = kernels
        self.output = output
    }

    /// The last kernel, if any.
    var last: Kernel? { kernels.last }

    func forward(training: Bool) {
        for kernel in kernels { kernel.forward(training: training) }
    }

    func backward() {
        for kernel in kernels.reversed() { kernel.backward() }
    }

    func forwardSteps() -> [PlanStep] { kernels.flatMap { $0.forwardSteps() } }

    func backwardSteps() -> [PlanStep] { kernels.reversed().flatMap { $0.backwardSteps() } }
}
