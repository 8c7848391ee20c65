/// A fixed affine map of each channel, y = x·scale[c] + shift[c], in the input's layout; backward, dx = dy·scale[c].
final class ChannelAffineKernel: Kernel {
    let output: Value
    private let input: Value
    private let forwardUpdate: ChannelAffineUpdate
    private let backwardUpdate: ChannelAffineUpdate?

    /// The map of `input` by `scale` and `shift`, one per channel.
    init(input: Value, scale: [Double], shift: [Double], memory: PlanMemory) throws {
        self.input = input
        output = try Value(dims: input.dims, layout: input.layout, needsGrad: input.needsGrad, memory: memory)
        let slope = try FloatBuffer(count: scale.count), offset = try FloatBuffer(count: shift.count)
        slope.copy(from: scale.map(Float.init))
        offset.copy(from: shift.map(Float.init))
        forwardUpdate = try ChannelAffineUpdate(
            layout: input.layout, source: input.buffer, target: output.buffer, slope: slope, offset: offset)
        if let inputGrad = input.grad, let outputGrad = output.grad {
            let zero = try FloatBuffer(count: shift.count)
            zero.zero()
            backwardUpdate = try ChannelAffineUpdate(
                layout: input.layout, source: outputGrad, target: inputGrad, slope: slope, offset: zero)
        } else {
            backwardUpdate = nil
        }
    }

    func forward(training: Bool) {
        output.buffer.zero()
        forwardUpdate.run()
    }

    func backward() {
        guard let backwardUpdate, let inputGrad = input.grad else { return }
        inputGrad.zero()
        backwardUpdate.run()
    }
}
