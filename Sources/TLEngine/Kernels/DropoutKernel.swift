/// Dropout: in training, zeroes each element with probability `p` and scales the rest by 1/(1-p); seeded.
final class DropoutKernel: Kernel {
    let output: Value
    private let input: Value
    private let p: Float
    private let mask: FloatBuffer
    private let seed: UInt64
    private let stream: String
    /// The generator drawing the masks.
    var random: SeededRandom

    init(p: Double, input: Value, seed: UInt64, stream: String, memory: PlanMemory) throws {
        self.input = input
        self.p = Float(p)
        self.seed = seed
        self.stream = stream
        random = SeededRandom(seed: seed, stream: stream)
        mask = try FloatBuffer(count: input.buffer.count)
        output = try Value(dims: input.dims, layout: input.layout, needsGrad: input.needsGrad, memory: memory)
    }

    /// Restarts the mask stream for training step `step`, so masks depend only on the seed and the step; the first
    /// `skippingSamples` images' draws are passed over (they belong to other processes of a data-parallel step).
    func reseed(step: UInt64, skippingSamples: Int = 0) {
        random = SeededRandom(seed: seed ^ (step &* 0x9E37_79B9_7F4A_7C15), stream: stream)
        for _ in 0..<(skippingSamples * (input.buffer.count / max(input.dims[0], 1))) { _ = random.next() }
    }

    func forward(training: Bool) {
        let count = input.buffer.count, source = input.buffer.pointer, target = output.buffer.pointer
        guard training, p > 0 else {
            target.update(from: source, count: count)
            for i in 0..<count { mask.pointer[i] = 1 }
            return
        }
        let scale = 1 / (1 - p)
        for i in 0..<count {
            let keep: Float = random.unitFloat() >= p ? scale : 0
            mask.pointer[i] = keep
            target[i] = source[i] * keep
        }
    }

    func backward() {
        guard let inputGrad = input.grad, let outputGrad = output.grad else { return }
        for i in 0..<input.buffer.count { inputGrad.pointer[i] = outputGrad.pointer[i] * mask.pointer[i] }
    }
}
