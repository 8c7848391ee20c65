/// A residual block: body and shortcut run on the same input, their sum goes through ReLU (or not, for a linear
/// addition); in backward the
/// gradient reaches the input along both paths and is summed. The shortcut's result is brought into the body's
/// layout, so the sum runs element by element over the buffers. The shortcut runs first; its result (the block's
/// input itself for an identity shortcut) stays alive while the body runs. Without backward the sum overwrites
/// the body's result.
///
/// Backward (with the plan's shared residual buffers, see `PlanMemory`): the gradient passed through the ReLU
/// goes to the shortcut first, whose input gradient lands in the shared shortcut buffer; then to the body, which
/// writes the block input's gradient; finally the shortcut's part (or, for the identity, the passed gradient)
/// is added to it.
final class ResidualKernel: Kernel {
    let output: Value
    private let input: Value
    private let body: [Kernel]
    private let shortcut: [Kernel]
    private let bodyEnd: Value
    private let shortcutEnd: Value
    /// The plan's shared buffer for the gradient passed through the ReLU (nil in a plan without backward).
    private let passed: FloatBuffer?
    /// The input gradient along the shortcut when it has kernels (the body writes its part into the input's gradient).
    private let shortcutInputGrad: FloatBuffer?
    /// Whether a ReLU follows the sum.
    private let reluAfterAdd: Bool

    /// `body` was compiled on a view of `input` that shares its gradient; `shortcut` on `shortcutStart`, a view
    /// whose gradient is the plan's shared shortcut buffer (unused when the shortcut is the identity).
    init(
        input: Value, body: [Kernel], shortcut: [Kernel], shortcutStart: Value, reluAfterAdd: Bool,
        context: DNNLContext, memory: PlanMemory
    ) throws {
        self.input = input
        self.reluAfterAdd = reluAfterAdd
        self.body = body
        bodyEnd = body.last!.output
        // Made after the body, this reorder is no neighbour of the shortcut's sequence: its gradient gets a buffer of its own.
        let shortcutResult = shortcut.last?.output ?? shortcutStart
        let (conformed, adapter) = try ReorderKernel.conform(
            shortcutResult, to: bodyEnd.layout,
            gradient: shortcutResult.needsGrad ? try memory.blockGradient(.shortcutEnd) : nil,
            context: context, memory: memory)
        self.shortcut = shortcut + (adapter.map { [$0] } ?? [])
        shortcutEnd = conformed
        shortcutInputGrad = self.shortcut.isEmpty ? nil : shortcutStart.grad
        let needsGrad = bodyEnd.needsGrad || shortcutEnd.needsGrad
        passed = needsGrad ? try memory.blockGradient(.passed) : nil
        memory.continueSequence(after: bodyEnd)
        // Without backward nothing reads the body's result after the sum, which can then overwrite it.
        output =
            needsGrad
            ? try Value(dims: bodyEnd.dims, layout: bodyEnd.layout, needsGrad: true, memory: memory)
            : Value(dims: bodyEnd.dims, layout: bodyEnd.layout, buffer: bodyEnd.buffer, grad: nil)
    }

    func forward(training: Bool) {
        for kernel in shortcut { kernel.forward(training: training) }
        for kernel in body { kernel.forward(training: training) }
        let a = bodyEnd.buffer.pointer, b = shortcutEnd.buffer.pointer, out = output.buffer.pointer
        if reluAfterAdd {
            for i in 0..<output.buffer.count { out[i] = max(a[i] + b[i], 0) }
        } else {
            for i in 0..<output.buffer.count { out[i] = a[i] + b[i] }
        }
    }

    func backward() {
        guard let outputGrad = output.grad, let p = passed?.pointer else { return }
        let count = output.buffer.count, out = output.buffer.pointer, g = outputGrad.pointer
        if reluAfterAdd {
            for i in 0..<count { p[i] = out[i] > 0 ? g[i] : 0 }
        } else {
            p.update(from: g, count: count)
        }
        if !shortcut.isEmpty, let shortcutGrad = shortcutEnd.grad {
            shortcutGrad.pointer.update(from: p, count: count)
            for kernel in shortcut.reversed() { kernel.backward() }
        }
        if let bodyGrad = bodyEnd.grad {
            bodyGrad.pointer.update(from: p, count: count)
            for kernel in body.reversed() { kernel.backward() }
        }
        guard let inputGrad = input.grad?.pointer else { return }
        let along = shortcutInputGrad?.pointer ?? p
        for i in 0..<input.buffer.count { inputGrad[i] += along[i] }
    }
}
