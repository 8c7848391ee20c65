/// Output channel j is input channel `sources[j]`, plane by plane (plain layout; the input is reordered into it when it
/// arrives blocked): channel shuffle and channel chunks. Backward, each output plane's gradient goes back to its
/// source channel, and channels no output reads get zero.
final class ChannelGatherKernel: Kernel {
    let output: Value
    private let input: Value
    private let adapter: ReorderKernel?
    private let sources: [Int]

    /// Gathers the channels `sources` of `input`, in that order.
    init(input given: Value, sources: [Int], context: DNNLContext, memory: PlanMemory) throws {
        (input, adapter) = try ReorderKernel.plain(given, context: context, memory: memory)
        self.sources = sources
        var dims = given.dims
        dims[1] = sources.count
        output = try Value(dims: dims, needsGrad: given.needsGrad, memory: memory)
    }

    private var planeSize: Int { input.dims[2] * input.dims[3] }

    func forward(training: Bool) {
        adapter?.forward(training: training)
        copyPlanes(from: input.buffer.pointer, to: output.buffer.pointer, reading: true)
    }

    func backward() {
        guard let inputGrad = input.grad, let outputGrad = output.grad else { return }
        if sources.count < input.dims[1] { inputGrad.zero() }
        copyPlanes(from: outputGrad.pointer, to: inputGrad.pointer, reading: false)
        adapter?.backward()
    }

    /// Copies every image's planes: input channel `sources[j]` to output channel j when `reading`, else back.
    private func copyPlanes(
        from source: UnsafeMutablePointer<Float>, to target: UnsafeMutablePointer<Float>, reading: Bool
    ) {
        let plane = planeSize, inputImage = input.dims[1] * plane, outputImage = sources.count * plane
        for image in 0..<input.dims[0] {
            for (channel, origin) in sources.enumerated() {
                let inputPlane = image * inputImage + origin * plane,
                    outputPlane = image * outputImage + channel * plane
                if reading {
                    (target + outputPlane).update(from: source + inputPlane, count: plane)
                } else {
                    (target + inputPlane).update(from: source + outputPlane, count: plane)
                }
            }
        }
    }
}
