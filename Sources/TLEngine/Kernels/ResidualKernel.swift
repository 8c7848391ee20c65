/// A residual block: body and shortcut run on the same input, their sum goes through ReLU; in backward the
/// gradient reaches the input along both paths and is summed. The shortcut's result is brought into the body's
/// layout, so the sum runs element by element over the buffers.
final class ResidualKernel: Kernel {
    let output: Value
    private let input: Value
    private let body: [Kernel]
    private let shortcut: [Kernel]
    private let bodyEnd: Value
    private let shortcutEnd: Value
    /// The input gradient along the shortcut when it has kernels (the body writes its part into the input's gradient).
    private let shortcutInputGrad: FloatBuffer?

    /// `body` was compiled on a view of `input` that shares its gradient; `shortcut` on `shortcutStart`, a view with
    /// a gradient of its own (unused when the shortcut is the identity).
    init(input: Value, body: [Kernel], shortcut: [Kernel], shortcutStart: Value, context: DNNLContext, scratchpad: Scratchpad) throws {
        self.input = input
        self.body = body
        bodyEnd = body.last!.output
        var start = shortcutStart
        if shortcut.isEmpty && !sameLayout(input.layout, bodyEnd.layout) {
            start = Value(dims: input.dims, layout: input.layout, buffer: input.buffer,
                          grad: input.needsGrad ? FloatBuffer(count: input.buffer.count) : nil)
        }
        let (conformed, adapter) = try ReorderKernel.conform(shortcut.last?.output ?? start, to: bodyEnd.layout,
                                                             context: context, scratchpad: scratchpad)
        self.shortcut = shortcut + (adapter.map { [$0] } ?? [])
        shortcutEnd = conformed
        shortcutInputGrad = self.shortcut.isEmpty ? nil : start.grad
        output = Value(dims: bodyEnd.dims, layout: bodyEnd.layout, needsGrad: bodyEnd.needsGrad || shortcutEnd.needsGrad)
    }

    func forward(training: Bool) {
        for kernel in body { kernel.forward(training: training) }
        for kernel in shortcut { kernel.forward(training: training) }
        let a = bodyEnd.buffer.pointer, b = shortcutEnd.buffer.pointer, out = output.buffer.pointer
        for i in 0..<output.buffer.count { out[i] = max(a[i] + b[i], 0) }
    }

    func backward() {
        guard let outputGrad = output.grad else { return }
        let out = output.buffer.pointer, g = outputGrad.pointer
        let bodyGrad = bodyEnd.grad?.pointer
        let shortcutGrad = shortcut.isEmpty ? nil : shortcutEnd.grad?.pointer
        for i in 0..<output.buffer.count {
            let passed: Float = out[i] > 0 ? g[i] : 0
            bodyGrad?[i] = passed
            shortcutGrad?[i] = passed
        }
        for kernel in body.reversed() { kernel.backward() }
        for kernel in shortcut.reversed() { kernel.backward() }
        guard let inputGrad = input.grad?.pointer else { return }
        if let viaShortcut = shortcutInputGrad?.pointer {
            for i in 0..<input.buffer.count { inputGrad[i] += viaShortcut[i] }
        } else {
            for i in 0..<input.buffer.count where out[i] > 0 { inputGrad[i] += g[i] }
        }
    }
}
