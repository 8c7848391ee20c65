/// A residual block: body and shortcut run on the same input, their sum goes through ReLU; in backward the
/// gradient reaches the input along both paths and is summed.
final class ResidualKernel: Kernel {
    let output: Value
    private let input: Value
    private let body: [Kernel]
    private let shortcut: [Kernel]
    private let bodyEnd: Value
    private let shortcutEnd: Value
    /// Gradients of the block input along the body and along the shortcut (nil when the input needs none).
    private let bodyInputGrad: FloatBuffer?
    private let shortcutInputGrad: FloatBuffer?

    /// `body`/`shortcut` were compiled on `bodyStart`/`shortcutStart`: views of `input` with gradients of their own.
    init(input: Value, body: [Kernel], bodyStart: Value, shortcut: [Kernel], shortcutStart: Value) {
        self.input = input
        self.body = body
        self.shortcut = shortcut
        bodyEnd = body.last?.output ?? bodyStart
        shortcutEnd = shortcut.last?.output ?? shortcutStart
        bodyInputGrad = bodyStart.grad
        shortcutInputGrad = shortcut.isEmpty ? nil : shortcutStart.grad
        output = Value(dims: bodyEnd.dims, needsGrad: bodyEnd.needsGrad || shortcutEnd.needsGrad)
    }

    func forward(training: Bool) {
        for kernel in body { kernel.forward(training: training) }
        for kernel in shortcut { kernel.forward(training: training) }
        let a = bodyEnd.buffer.pointer, b = shortcutEnd.buffer.pointer, out = output.buffer.pointer
        for i in 0..<output.count { out[i] = max(a[i] + b[i], 0) }
    }

    func backward() {
        guard let outputGrad = output.grad else { return }
        let out = output.buffer.pointer, g = outputGrad.pointer
        let bodyGrad = bodyEnd.grad?.pointer
        let shortcutGrad = shortcut.isEmpty ? nil : shortcutEnd.grad?.pointer
        for i in 0..<output.count {
            let passed: Float = out[i] > 0 ? g[i] : 0
            bodyGrad?[i] = passed
            shortcutGrad?[i] = passed
        }
        for kernel in body.reversed() { kernel.backward() }
        for kernel in shortcut.reversed() { kernel.backward() }
        guard let inputGrad = input.grad else { return }
        let total = inputGrad.pointer, viaBody = bodyInputGrad?.pointer
        if let viaShortcut = shortcutInputGrad?.pointer {
            for i in 0..<input.count { total[i] = (viaBody?[i] ?? 0) + viaShortcut[i] }
        } else {
            for i in 0..<input.count {
                let passed: Float = out[i] > 0 ? g[i] : 0
                total[i] = (viaBody?[i] ?? 0) + passed
            }
        }
    }
}
