/// One step of a compiled plan's forward or backward pass, as the plan runs it (see `StepSchedule`).
package enum PlanStep {
    /// Work run whole (given the training flag); `uses` is the memory it touches, nil when not known (then the step
    /// stays where it is and ends any chain of slices).
    case whole(run: (Bool) -> Void, uses: [MemoryUse]?)
    /// Work cut into slices; `alone` runs it when no other step chains with it.
    case sliced(SlicedWork, alone: () -> Void)
    /// The end of kernel `index`'s backward pass: its parameters' gradients are final.
    case finished(Int)
}

extension Kernel {
    /// The forward pass as plan steps (by default one step of unknown memory use).
    func forwardSteps() -> [PlanStep] { [.whole(run: { self.forward(training: $0) }, uses: nil)] }

    /// The backward pass as plan steps (by default one step of unknown memory use).
    func backwardSteps() -> [PlanStep] { [.whole(run: { _ in self.backward() }, uses: nil)] }
}
