/// A kernel whose backward pass never reads its own output values (a linear layer, a convolution, dropout and
/// stochastic depth), written into a buffer of its own: the kernel after it may overwrite them.
protocol OutputUnreadInBackward: Kernel {}

extension LinearKernel: OutputUnreadInBackward {}

extension PointwiseLinearKernel: OutputUnreadInBackward {}

extension ConvolutionKernel: OutputUnreadInBackward {}

extension DropoutKernel: OutputUnreadInBackward {}

/// True when `kernel` is an `OutputUnreadInBackward` kernel, or a sequence whose last kernel is one and makes the
/// sequence's output.
func leavesOutputUnreadInBackward(_ kernel: Kernel) -> Bool {
    if kernel is any OutputUnreadInBackward { return true }
    guard let sequence = kernel as? SequenceKernel, let last = sequence.last else { return false }
    return last.output.buffer === sequence.output.buffer && leavesOutputUnreadInBackward(last)
}
