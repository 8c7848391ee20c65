import TLGraph

/// An activation a convolution can apply to its result as a oneDNN post-op (in evaluation plans, where nothing
/// computes its gradient).
package protocol ConvolutionPostOp {
    /// The function it computes.
    var eltwise: EltwiseFunction { get }
}

/// An activation layer that is one oneDNN element-wise function, forward and backward (from its input, except a ReLU
/// computed in place).
package protocol EltwiseLayer: RecomputableActivation, ConvolutionPostOp {}

extension EltwiseLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try EltwiseKernel(
            eltwise, input: input, inPlace: overwritable, context: compiler.context, memory: compiler.memory)
    }
}
