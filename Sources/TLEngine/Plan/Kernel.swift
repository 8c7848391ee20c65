/// One step of a compiled plan: a forward computation and, when something upstream trains, its backward.
package protocol Kernel: AnyObject {
    /// The value this kernel produces.
    var output: Value { get }
    /// Computes `output` from the input (`training` selects dropout and batch statistics).
    func forward(training: Bool)
    /// Given `output.grad`, computes the input gradient (if the input needs one) and parameter gradients (if they train).
    func backward()
    /// The forward pass as steps that the plan may chain with its neighbours' (see `StepSchedule`).
    func forwardSteps() -> [PlanStep]
    /// The backward pass as steps that the plan may chain with its neighbours' (see `StepSchedule`).
    func backwardSteps() -> [PlanStep]
}
