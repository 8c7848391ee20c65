import TLGraph

extension ChannelAffineOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try ChannelAffineKernel(input: input, scale: scale, shift: shift, memory: compiler.memory)
    }
}
