import TLGraph

/// An activation layer that is one oneDNN element-wise function.
package protocol EltwiseLayer: KernelLayer {
    /// The function it computes.
    var eltwise: EltwiseFunction { get }
}

extension EltwiseLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try EltwiseKernel(
            eltwise, input: input, inPlace: overwritable, context: compiler.context, memory: compiler.memory)
    }
}
