import TLGraph

extension ConcatOp: KernelLayer {
    /// Each branch runs on a view of the input: the first with layers writes the input's gradient, the other branches
    /// with layers into buffers of their own, which the kernel adds (an empty branch's part comes straight from the
    /// output's gradient, see `ConcatKernel`). The input and every branch's result stay alive until the concatenation.
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let memory = compiler.memory
        memory.keepAlive(input)
        defer { memory.stopKeepingAlive(input) }
        let owner = branches.firstIndex { !$0.isEmpty }, level = compiler.concatNesting
        compiler.concatNesting += 1
        defer { compiler.concatNesting -= 1 }
        var kernels: [[Kernel]] = [], ends: [Value] = [], parts: [FloatBuffer?] = []
        for (index, branch) in branches.enumerated() {
            let part: FloatBuffer? =
                !input.needsGrad || index == owner || branch.isEmpty ? nil : try FloatBuffer(count: input.buffer.count)
            let start = Value(
                dims: input.dims, layout: input.layout, buffer: input.buffer, grad: index == owner ? input.grad : part)
            memory.continueSequence(after: input)
            let (branchKernels, end) = try compiler.compile(branch, input: start)
            memory.keepAlive(end)
            (kernels, ends, parts) = (kernels + [branchKernels], ends + [end], parts + [part])
        }
        defer { ends.forEach(memory.stopKeepingAlive) }
        memory.layer = layer.name
        return try ConcatKernel(
            input: input, branches: kernels, ends: ends, owner: owner, parts: parts, level: level,
            context: compiler.context, memory: memory)
    }
}
