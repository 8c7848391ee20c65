import TLGraph

extension ResidualOp: KernelLayer {
    /// The body writes the input gradient itself; a projecting shortcut writes its own, which is then added.
    /// The shortcut runs first; the input and the shortcut's result stay alive until the sum.
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let memory = compiler.memory
        let bodyStart = Value(dims: input.dims, layout: input.layout, buffer: input.buffer, grad: input.grad)
        let shortcutStart = Value(
            dims: input.dims, layout: input.layout, buffer: input.buffer,
            grad: input.needsGrad ? try memory.blockGradient(.shortcutInput) : nil)
        memory.keepAlive(input)
        defer { memory.stopKeepingAlive(input) }
        memory.continueSequence(after: input)
        let (shortcutKernels, shortcutResult) = try compiler.compile(shortcut, input: shortcutStart)
        memory.keepAlive(shortcutResult)
        defer { memory.stopKeepingAlive(shortcutResult) }
        memory.continueSequence(after: input)
        let (bodyKernels, _) = try compiler.compile(body, input: bodyStart)
        memory.layer = layer.name
        return try ResidualKernel(
            input: input, body: bodyKernels, shortcut: shortcutKernels, shortcutStart: shortcutStart,
            reluAfterAdd: reluAfterAdd, context: compiler.context, memory: memory)
    }
}
