/// A kernel that runs one oneDNN primitive each way, after a reorder of its input into the layout the primitive reads
/// where one is needed (and the reorder of the gradient back after its backward pass).
protocol PrimitiveKernel: Kernel {
    /// The reorder of the input, nil when the input is in the primitive's layout already.
    var adapter: ReorderKernel? { get }
    var forwardPrimitive: DNNLPrimitive { get }
    /// Nil when nothing upstream trains.
    var backwardPrimitive: DNNLPrimitive? { get }
}

extension PrimitiveKernel {
    func forward(training: Bool) {
        adapter?.forward(training: training)
        forwardPrimitive.run()
    }

    func backward() {
        backwardPrimitive?.run()
        adapter?.backward()
    }

    func forwardSteps() -> [PlanStep] { (adapter?.forwardSteps() ?? []) + [forwardPrimitive.step] }

    func backwardSteps() -> [PlanStep] {
        (backwardPrimitive.map { [$0.step] } ?? []) + (adapter?.backwardSteps() ?? [])
    }
}
