/// A squeeze-and-excitation gate: y = x · s[n, c], where the branch computes s (N×C×1×1) from x. Backward: the
/// gradient of s is Σ over height and width of dy · x, which goes back through the branch (whose first kernel writes
/// the input's gradient); the product's own part, dy · s, is computed first into the plan's shared gate buffer and
/// added to the input's gradient last. Runs element by element over the layouts (`ChannelLayout`), image by image on
/// tlrun's threads.
final class GateKernel: Kernel, SharedWork {
    /// What `run(slice:of:thread:)` computes.
    private enum Phase {
        /// y = x · s.
        case product
        /// The gradient of s, and dy · s into the shared buffer.
        case gradients
        /// The input gradient plus dy · s.
        case addDirect
    }

    let output: Value
    private let input: Value
    private let branch: [Kernel]
    private let scale: Value
    private let inputChannels: ChannelLayout
    private let scaleChannels: ChannelLayout
    /// The scale and its gradient, plain N×C.
    private let plainScale: FloatBuffer
    private let plainScaleGrad: FloatBuffer
    /// The plan's shared buffer for dy · s while the branch's backward runs (nil without an input gradient).
    private let direct: FloatBuffer?
    private var phase = Phase.product

    /// `branch` was compiled on a view of `input` that shares its gradient and ends in `scale`.
    init(input: Value, branch: [Kernel], scale: Value, memory: PlanMemory) throws {
        self.input = input
        self.branch = branch
        self.scale = scale
        inputChannels = try ChannelLayout(input.layout, use: "squeeze-and-excitation gate")
        scaleChannels = try ChannelLayout(scale.layout, use: "squeeze-and-excitation gate")
        let count = input.dims[0] * input.dims[1]
        plainScale = try FloatBuffer(count: count)
        plainScaleGrad = try FloatBuffer(count: count)
        direct = input.needsGrad ? try memory.blockGradient(.gateDirect) : nil
        memory.continueSequence(after: scale)
        output = try Value(
            dims: input.dims, layout: input.layout, needsGrad: input.needsGrad || scale.needsGrad, memory: memory)
    }

    func forward(training: Bool) {
        for kernel in branch { kernel.forward(training: training) }
        let s = scale.buffer.pointer, plain = plainScale.pointer, channels = inputChannels.channels
        scaleChannels.forEachRun { n, first, lanes, start in
            for lane in 0..<lanes { plain[n * channels + first + lane] = s[start + lane] }
        }
        if inputChannels.channels % inputChannels.block != 0 { output.buffer.zero() }
        share(.product)
    }

    func backward() {
        guard output.grad != nil else { return }
        share(.gradients)
        if let scaleGrad = scale.grad?.pointer {
            let ds = plainScaleGrad.pointer, channels = inputChannels.channels
            scaleChannels.forEachRun { n, first, lanes, start in
                for lane in 0..<lanes { scaleGrad[start + lane] = ds[n * channels + first + lane] }
            }
            for kernel in branch.reversed() { kernel.backward() }
        }
        if input.grad != nil, direct != nil { share(.addDirect) }
    }

    /// Runs `phase` on the compute threads.
    private func share(_ phase: Phase) {
        self.phase = phase
        ComputeThreads.share(self, slices: min(inputChannels.batch, 4 * ComputeThreads.current))
    }

    func run(slice: Int, of slices: Int, thread: Int) {
        let images = Self.range(of: inputChannels.batch, slice: slice, slices: slices)
        let x = input.buffer.pointer, plain = plainScale.pointer, channels = inputChannels.channels
        switch phase {
        case .product:
            let y = output.buffer.pointer
            inputChannels.forEachRun(images: images) { n, first, lanes, start in
                let row = plain + n * channels + first
                for lane in 0..<lanes { y[start + lane] = x[start + lane] * row[lane] }
            }
        case .gradients:
            guard let dy = output.grad?.pointer else { return }
            let ds = plainScaleGrad.pointer, own = direct?.pointer
            (ds + images.lowerBound * channels).update(repeating: 0, count: images.count * channels)
            inputChannels.forEachRun(images: images) { n, first, lanes, start in
                let row = n * channels + first
                for lane in 0..<lanes {
                    let g = dy[start + lane]
                    ds[row + lane] += g * x[start + lane]
                    own?[start + lane] = g * plain[row + lane]
                }
            }
        case .addDirect:
            guard let inputGrad = input.grad?.pointer, let own = direct?.pointer else { return }
            let elements = Self.range(of: input.buffer.count, slice: slice, slices: slices)
            for i in elements { inputGrad[i] += own[i] }
        }
    }
}
