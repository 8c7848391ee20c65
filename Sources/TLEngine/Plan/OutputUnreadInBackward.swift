/// A kernel whose backward pass never reads its own output values (a linear layer, a convolution, batch
/// normalisation, layer scale, dropout and stochastic depth): the kernel after it may overwrite them.
protocol OutputUnreadInBackward: Kernel {}

extension LinearKernel: OutputUnreadInBackward {}

extension PointwiseLinearKernel: OutputUnreadInBackward {}

extension ConvolutionKernel: OutputUnreadInBackward {}

extension BatchNormKernel: OutputUnreadInBackward {}

extension LayerScaleKernel: OutputUnreadInBackward {}

extension DropoutKernel: OutputUnreadInBackward {}

/// True when `kernel` is an `OutputUnreadInBackward` kernel, or a sequence whose last kernel is one and makes the
/// sequence's output.
func leavesOutputUnreadInBackward(_ kernel: Kernel) -> Bool {
    if kernel is any OutputUnreadInBackward { return true }
    guard let sequence = kernel as? SequenceKernel, let last = sequence.last else { return false }
    return last.output.buffer === sequence.output.buffer && leavesOutputUnreadInBackward(last)
}
