import CDNNL
import TLGraph

extension ResidualOp: KernelLayer {
    /// The body writes the input gradient itself; a projecting shortcut writes its own, which is then added.
    /// The shortcut runs first; the input and the shortcut's result stay alive until the sum. In an evaluation plan the
    /// body's last convolution adds its result to the shortcut's in place where it can (the block is then its kernels
    /// in sequence); the block's input is overwritten so only when nothing else reads it.
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
        let enclosing = compiler.pendingAddition
        defer { compiler.pendingAddition = enclosing }
        compiler.pendingAddition =
            compiler.evaluationOnly && (overwritable || !shortcutKernels.isEmpty)
            ? ResidualAddition(
                target: shortcutResult, activation: reluAfterAdd ? EltwiseFunction(dnnl_eltwise_relu) : nil,
                depth: compiler.depth + 1)
            : nil
        let (bodyKernels, bodyEnd) = try compiler.compile(body, input: bodyStart)
        memory.layer = layer.name
        if bodyEnd === shortcutResult { return SequenceKernel(shortcutKernels + bodyKernels, output: bodyEnd) }
        return try ResidualKernel(
            input: input, body: bodyKernels, bodyEnd: bodyEnd, shortcut: shortcutKernels, shortcutStart: shortcutStart,
            reluAfterAdd: reluAfterAdd, context: compiler.context, memory: memory)
    }
}
