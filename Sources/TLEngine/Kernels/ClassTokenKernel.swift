/// ViT's tokens from its patch map, on tlrun's threads: the channels-last patch rows of each image (P×C) follow the
/// class token (1×C) in the output rows (N·(P+1)×C); backward hands each patch row its gradient and sums the class
/// token's over the images, in order.
final class ClassTokenKernel: Kernel, SharedWork {
    let output: Value
    private let patches: Value
    private let token: Parameter
    private let trainsToken: Bool
    private var forwardPass = true

    /// The tokens of `patches` (channels-last rows, N·P×C) with `token` in front, as a C×1×(P+1) channels-last map.
    init(patches: Value, token: Parameter, trainsToken: Bool, memory: PlanMemory) throws {
        self.patches = patches
        self.token = token
        self.trainsToken = trainsToken
        let images = patches.dims[0], channels = patches.dims[1], count = patches.dims[2] * patches.dims[3]
        let rows = try Value(
            dims: [images * (count + 1), channels], needsGrad: trainsToken || patches.needsGrad, memory: memory)
        output = try ChannelsLast.image(rows, dims: [images, channels, 1, count + 1])
    }

    private var channels: Int { patches.dims[1] }
    private var patchCount: Int { patches.dims[2] * patches.dims[3] }

    func forward(training: Bool) {
        forwardPass = true
        ComputeThreads.share(self, slices: patches.dims[0])
    }

    func backward() {
        guard let dy = output.grad?.pointer else { return }
        if patches.needsGrad {
            forwardPass = false
            ComputeThreads.share(self, slices: patches.dims[0])
        }
        guard trainsToken else { return }
        let gradient = token.grad.pointer, stride = (patchCount + 1) * channels
        gradient.update(repeating: 0, count: channels)
        for image in 0..<patches.dims[0] {
            for c in 0..<channels { gradient[c] += dy[image * stride + c] }
        }
    }

    /// Slice `slice` is image `slice`.
    func run(slice: Int, of slices: Int, thread: Int) {
        let patchValues = patchCount * channels, tokens = output.buffer.pointer + slice * (patchValues + channels)
        if forwardPass {
            tokens.update(from: token.value.pointer, count: channels)
            (tokens + channels).update(from: patches.buffer.pointer + slice * patchValues, count: patchValues)
        } else if let dx = patches.grad?.pointer, let dy = output.grad?.pointer {
            (dx + slice * patchValues).update(
                from: dy + slice * (patchValues + channels) + channels, count: patchValues)
        }
    }
}
