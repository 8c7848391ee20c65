import TLGraph

/// ConvNeXt's layer scale on tlrun's threads, channels-last (rows of C values): y[r, c] = x[r, c] · γ[c]; backward
/// dx = dy · γ and dγ[c] = Σ over rows of dy · x, summed per block of rows and then over the blocks in order, so that
/// the sum does not depend on how many threads run it.
final class LayerScaleKernel: Kernel, SharedWork {
    let output: Value
    private let adapter: ReorderKernel?
    private let input: Value
    private let result: Value
    private let scale: Parameter
    private let trainsScale: Bool
    /// Each row block's share of dγ (blocks × C), when γ trains.
    private let partialSums: FloatBuffer?
    private var forwardPass = true

    /// The most row blocks a pass is cut into.
    static let rowBlocks = 32

    init(
        input given: Value, scale: Parameter, trainsScale: Bool, context: DNNLContext, memory: PlanMemory
    ) throws {
        let (image, adapter) = try ChannelsLast.conform(given, context: context, memory: memory)
        self.adapter = adapter
        input = try ChannelsLast.rows(image)
        self.scale = scale
        self.trainsScale = trainsScale
        result = try Value(dims: input.dims, needsGrad: trainsScale || input.needsGrad, memory: memory)
        output = try ChannelsLast.image(result, dims: image.dims)
        partialSums = trainsScale ? try FloatBuffer(count: Self.rowBlocks * input.dims[1]) : nil
    }

    private var blocks: Int { min(input.dims[0], Self.rowBlocks) }

    func forward(training: Bool) {
        adapter?.forward(training: training)
        forwardPass = true
        ComputeThreads.share(self, slices: blocks)
    }

    func backward() {
        guard result.grad != nil else { return }
        forwardPass = false
        ComputeThreads.share(self, slices: blocks)
        if let partialSums {
            let channels = input.dims[1], gradient = scale.grad.pointer
            gradient.update(repeating: 0, count: channels)
            for block in 0..<blocks {
                let partial = partialSums.pointer + block * channels
                for c in 0..<channels { gradient[c] += partial[c] }
            }
        }
        adapter?.backward()
    }

    func run(slice: Int, of slices: Int, thread: Int) {
        let channels = input.dims[1], rows = Self.range(of: input.dims[0], slice: slice, slices: slices)
        let x = input.buffer.pointer, gamma = scale.value.pointer
        if forwardPass {
            let y = result.buffer.pointer
            for row in rows {
                let start = row * channels
                for c in 0..<channels { y[start + c] = x[start + c] * gamma[c] }
            }
            return
        }
        guard let dy = result.grad?.pointer else { return }
        if let dx = input.grad?.pointer {
            for row in rows {
                let start = row * channels
                for c in 0..<channels { dx[start + c] = dy[start + c] * gamma[c] }
            }
        }
        if let partial = partialSums.map({ $0.pointer + slice * channels }) {
            partial.update(repeating: 0, count: channels)
            for row in rows {
                let start = row * channels
                for c in 0..<channels { partial[c] += dy[start + c] * x[start + c] }
            }
        }
    }
}
