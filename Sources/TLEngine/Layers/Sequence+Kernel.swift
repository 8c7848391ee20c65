import TLGraph

extension SequenceOp: KernelLayer {
    /// The block's layers compiled in sequence on the input.
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let (kernels, output) = try compiler.compile(layers, input: input)
        compiler.memory.layer = layer.name
        return SequenceKernel(kernels, output: output)
    }
}
