/// Dropout: in training, zeroes each element with probability `p` and scales the rest by 1/(1-p); seeded.
final class DropoutKernel: Kernel {
    let output: Value
    private let input: Value
    private let p: Float
    private let mask: FloatBuffer
    /// The generator drawing the masks; saved and restored with checkpoints.
    var random: SeededRandom

    init(p: Double, input: Value, random: SeededRandom, memory: PlanMemory) {
        self.input = input
        self.p = Float(p)
        self.random = random
        mask = FloatBuffer(count: input.buffer.count)
        output = Value(dims: input.dims, layout: input.layout, needsGrad: input.needsGrad, memory: memory)
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
