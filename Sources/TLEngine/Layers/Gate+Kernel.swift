import TLGraph

extension GateOp: KernelLayer {
    /// The branch runs on the input (kept alive for the product), writing the input's gradient through it; the
    /// product's own part of that gradient is added afterwards (see `GateKernel`).
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let memory = compiler.memory
        let branchStart = Value(dims: input.dims, layout: input.layout, buffer: input.buffer, grad: input.grad)
        memory.keepAlive(input)
        defer { memory.stopKeepingAlive(input) }
        memory.continueSequence(after: input)
        let (branchKernels, scale) = try compiler.compile(branch, input: branchStart)
        memory.layer = layer.name
        return try GateKernel(input: input, branch: branchKernels, scale: scale, memory: memory)
    }
}
