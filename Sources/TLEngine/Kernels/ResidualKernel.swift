/// A residual block: body and shortcut run on the same input, their sum goes through ReLU (or not, for a linear
/// addition); in backward the gradient reaches the input along both paths and is summed. The shortcut's result is
/// brought into the body's layout (after the body has run), so the sum runs element by element over the buffers (on
/// the compute threads). The shortcut runs first; its result (the block's input itself for an identity shortcut)
/// stays alive while the body runs. The sum overwrites the body's result where nothing reads it later (no backward, or
/// a body ending in a layer whose backward never reads its result: `OutputUnreadInBackward`).
///
/// Backward (with the plan's shared residual buffers, see `PlanMemory`): the gradient passed through the ReLU
/// goes to the shortcut first, whose input gradient lands in the shared shortcut buffer; then to the body, which
/// writes the block input's gradient; finally the shortcut's part (or, for the identity, the passed gradient)
/// is added to it.
final class ResidualKernel: Kernel, SharedWork {
    let output: Value
    private let input: Value
    private let body: [Kernel]
    private let shortcut: [Kernel]
    /// The reorder of the shortcut's result into the body's layout, the last of `shortcut` (nil where none is needed).
    private let shortcutAdapter: ReorderKernel?
    private let bodyEnd: Value
    private let shortcutEnd: Value
    /// The plan's shared buffer for the gradient passed through the ReLU (nil in a plan without backward).
    private let passed: FloatBuffer?
    /// The input gradient along the shortcut when it has kernels (the body writes its part into the input's gradient).
    private let shortcutInputGrad: FloatBuffer?
    /// Whether a ReLU follows the sum.
    private let reluAfterAdd: Bool

    /// `body` was compiled on a view of `input` that shares its gradient and ends in `bodyEnd`; `shortcut` on
    /// `shortcutStart`, a view whose gradient is the plan's shared shortcut buffer (unused when the shortcut is the
    /// identity).
    init(
        input: Value, body: [Kernel], bodyEnd: Value, shortcut: [Kernel], shortcutStart: Value, reluAfterAdd: Bool,
        context: DNNLContext, memory: PlanMemory
    ) throws {
        self.input = input
        self.reluAfterAdd = reluAfterAdd
        self.body = body
        self.bodyEnd = bodyEnd
        // Made after the body, this reorder is no neighbour of the shortcut's sequence: its gradient gets a buffer of its own.
        let shortcutResult = shortcut.last?.output ?? shortcutStart
        let (conformed, adapter) = try ReorderKernel.conform(
            shortcutResult, to: bodyEnd.layout,
            gradient: shortcutResult.needsGrad ? try memory.blockGradient(.shortcutEnd) : nil,
            context: context, memory: memory)
        self.shortcut = shortcut + (adapter.map { [$0] } ?? [])
        shortcutAdapter = adapter
        shortcutEnd = conformed
        shortcutInputGrad = self.shortcut.isEmpty ? nil : shortcutStart.grad
        let needsGrad = bodyEnd.needsGrad || shortcutEnd.needsGrad
        passed = needsGrad ? try memory.blockGradient(.passed) : nil
        memory.continueSequence(after: bodyEnd)
        // Without backward nothing reads the body's result after the sum, which can then overwrite it; with backward
        // too when the body ends in a layer whose backward never reads its result (`OutputUnreadInBackward`).
        if !needsGrad {
            output = Value(dims: bodyEnd.dims, layout: bodyEnd.layout, buffer: bodyEnd.buffer, grad: nil)
        } else if let last = body.last, leavesOutputUnreadInBackward(last), last.output.buffer === bodyEnd.buffer {
            output = Value(
                dims: bodyEnd.dims, layout: bodyEnd.layout, buffer: bodyEnd.buffer,
                grad: try memory.slotGradient(count: bodyEnd.buffer.count))
        } else {
            output = try Value(dims: bodyEnd.dims, layout: bodyEnd.layout, needsGrad: true, memory: memory)
        }
    }

    /// The element-wise passes over the block's values, each shared among the compute threads.
    private enum Pass {
        /// The sum (with its ReLU) into the output.
        case sum
        /// The output's gradient through the ReLU, into the shortcut's result gradient where the shortcut has kernels,
        /// else into the body's.
        case passGradient
        /// The passed gradient into the body's result gradient, after the shortcut's backward (whose values may share
        /// gradient slots with the body's).
        case copyToBody
        /// The shortcut's part of the input gradient added to the body's.
        case addShortcutGradient
    }

    private var pass = Pass.sum

    /// The shortcut's result is brought into the body's layout after the body has run: that copy was placed (in an
    /// evaluation plan's activation arena) after the body's values had died, so the body may use its place.
    func forward(training: Bool) {
        for kernel in shortcut.dropLast(shortcutAdapter == nil ? 0 : 1) { kernel.forward(training: training) }
        for kernel in body { kernel.forward(training: training) }
        shortcutAdapter?.forward(training: training)
        pass = .sum
        ComputeThreads.share(self)
    }

    func backward() {
        guard output.grad != nil, passed != nil else { return }
        pass = .passGradient
        ComputeThreads.share(self)
        if !shortcut.isEmpty {
            if shortcutEnd.grad != nil {
                for kernel in shortcut.reversed() { kernel.backward() }
            }
            pass = .copyToBody
            ComputeThreads.share(self)
        }
        if bodyEnd.grad != nil {
            for kernel in body.reversed() { kernel.backward() }
        }
        guard input.grad != nil else { return }
        pass = .addShortcutGradient
        ComputeThreads.share(self)
    }

    func run(slice: Int, of slices: Int, thread: Int) {
        let elements = Self.range(
            of: pass == .addShortcutGradient ? input.buffer.count : output.buffer.count, slice: slice, slices: slices)
        switch pass {
        case .sum:
            let a = bodyEnd.buffer.pointer, b = shortcutEnd.buffer.pointer, out = output.buffer.pointer
            if reluAfterAdd {
                for i in elements { out[i] = max(a[i] + b[i], 0) }
            } else {
                for i in elements { out[i] = a[i] + b[i] }
            }
        case .passGradient:
            guard let g = output.grad?.pointer, let p = passed?.pointer else { return }
            let out = output.buffer.pointer
            if reluAfterAdd {
                for i in elements { p[i] = out[i] > 0 ? g[i] : 0 }
            } else {
                (p + elements.lowerBound).update(from: g + elements.lowerBound, count: elements.count)
            }
            if let target = (shortcut.isEmpty ? bodyEnd.grad : shortcutEnd.grad)?.pointer {
                (target + elements.lowerBound).update(from: p + elements.lowerBound, count: elements.count)
            }
        case .copyToBody:
            guard let bodyGrad = bodyEnd.grad?.pointer, let p = passed?.pointer else { return }
            (bodyGrad + elements.lowerBound).update(from: p + elements.lowerBound, count: elements.count)
        case .addShortcutGradient:
            guard let inputGrad = input.grad?.pointer, let along = (shortcutInputGrad ?? passed)?.pointer else {
                return
            }
            for i in elements { inputGrad[i] += along[i] }
        }
    }
}
