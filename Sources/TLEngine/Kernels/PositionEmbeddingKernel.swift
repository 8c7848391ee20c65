/// A learned embedding added to every image's tokens, channels-last (T×C rows per image), on tlrun's threads, slices
/// taking token ranges: y[n, t, c] = x[n, t, c] + e[t, c]; backward dx = dy and de[t, c] = Σ over images of
/// dy[n, t, c], summed in image order.
final class PositionEmbeddingKernel: Kernel, SharedWork {
    let output: Value
    private let input: Value
    private let embedding: Parameter
    private let trainsEmbedding: Bool
    private var forwardPass = true

    /// `input` (a channels-last token map) plus `embedding`; in place when `inPlace` (nothing else reads the input and
    /// no gradient flows).
    init(input: Value, embedding: Parameter, trainsEmbedding: Bool, inPlace: Bool, memory: PlanMemory) throws {
        self.input = input
        self.embedding = embedding
        self.trainsEmbedding = trainsEmbedding
        let needsGrad = trainsEmbedding || input.needsGrad
        output =
            inPlace && !needsGrad
            ? input : try Value(dims: input.dims, layout: input.layout, needsGrad: needsGrad, memory: memory)
    }

    private var tokenValues: Int { input.dims[1] * input.dims[3] }

    func forward(training: Bool) {
        forwardPass = true
        ComputeThreads.share(self)
    }

    func backward() {
        guard output.grad != nil else { return }
        forwardPass = false
        ComputeThreads.share(self)
    }

    func run(slice: Int, of slices: Int, thread: Int) {
        let part = Self.range(of: tokenValues, slice: slice, slices: slices)
        let images = input.dims[0], size = tokenValues, e = embedding.value.pointer
        if forwardPass {
            let x = input.buffer.pointer, y = output.buffer.pointer
            for image in 0..<images {
                let start = image * size
                for i in part { y[start + i] = x[start + i] + e[i] }
            }
            return
        }
        guard let dy = output.grad?.pointer else { return }
        if let dx = input.grad?.pointer {
            for image in 0..<images {
                let start = image * size + part.lowerBound
                (dx + start).update(from: dy + start, count: part.count)
            }
        }
        guard trainsEmbedding else { return }
        let de = embedding.grad.pointer
        for i in part { de[i] = 0 }
        for image in 0..<images {
            let start = image * size
            for i in part { de[i] += dy[start + i] }
        }
    }
}
