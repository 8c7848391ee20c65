/// Dropout: in training, zeroes each element (or, for stochastic depth, each image) with probability `p` and scales the
/// rest by 1/(1-p); seeded. The mask holds one factor per element (per image for stochastic depth); backward reads it,
/// never the input or the output. With `inPlace` (the plan compiler asks for it where nothing reads the input
/// afterwards, in backward either) the output and its gradient are the input's own buffers.
final class DropoutKernel: Kernel {
    let output: Value
    private let input: Value
    private let p: Float
    /// Whether one draw decides a whole image (stochastic depth) rather than one element.
    private let perImage: Bool
    /// The factor of each element, or of each image for stochastic depth.
    private let mask: FloatBuffer
    private let seed: UInt64
    private let stream: String
    /// The generator drawing the masks.
    var random: SeededRandom

    init(
        p: Double, perImage: Bool = false, input: Value, inPlace: Bool, seed: UInt64, stream: String,
        memory: PlanMemory
    ) throws {
        self.input = input
        self.p = Float(p)
        self.perImage = perImage
        self.seed = seed
        self.stream = stream
        random = SeededRandom(seed: seed, stream: stream)
        mask = try FloatBuffer(count: perImage ? max(input.dims[0], 1) : input.buffer.count)
        output =
            inPlace
            ? Value(dims: input.dims, layout: input.layout, buffer: input.buffer, grad: input.grad)
            : try Value(dims: input.dims, layout: input.layout, needsGrad: input.needsGrad, memory: memory)
    }

    /// Restarts the mask stream for training step `step`, so masks depend only on the seed and the step; the first
    /// `skippingSamples` images' draws are passed over (they belong to other processes of a data-parallel step).
    func reseed(step: UInt64, skippingSamples: Int = 0) {
        random = SeededRandom(seed: seed ^ (step &* 0x9E37_79B9_7F4A_7C15), stream: stream)
        for _ in 0..<(skippingSamples * (perImage ? 1 : drawsPerImage)) { _ = random.next() }
    }

    func forward(training: Bool) {
        let count = input.buffer.count, source = input.buffer.pointer, target = output.buffer.pointer
        guard training, p > 0 else {
            target.update(from: source, count: count)
            mask.pointer.update(repeating: 1, count: mask.count)
            return
        }
        let scale = 1 / (1 - p), run = perImage ? drawsPerImage : 1
        for (draw, start) in stride(from: 0, to: count, by: run).enumerated() {
            let keep: Float = random.unitFloat() >= p ? scale : 0
            mask.pointer[perImage ? draw : start] = keep
            for i in start..<min(start + run, count) { target[i] = source[i] * keep }
        }
    }

    /// The elements of one image (the batch is the outermost dimension of every activation layout).
    private var drawsPerImage: Int { input.buffer.count / max(input.dims[0], 1) }

    func backward() {
        guard let inputGrad = input.grad?.pointer, let outputGrad = output.grad?.pointer else { return }
        let count = input.buffer.count, run = perImage ? drawsPerImage : 1
        for (draw, start) in stride(from: 0, to: count, by: run).enumerated() {
            let factor = mask.pointer[perImage ? draw : start]
            for i in start..<min(start + run, count) { inputGrad[i] = outputGrad[i] * factor }
        }
    }
}
