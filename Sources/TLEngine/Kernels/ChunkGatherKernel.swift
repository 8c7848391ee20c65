import CDNNL

/// A rearrangement of each image's chunks of `width` floats on tlrun's threads: output chunk k of an image is input
/// chunk `sources[k]` of the same image, or zeros where that is −1 (padding). Swin's window partition and its reverse
/// (chunks are a position's channels) and its patch merging (chunks are quarters of a merged position) are such
/// rearrangements. Each input chunk is read at most once, so backward hands every chunk read its gradient and zeros
/// the rest.
final class ChunkGatherKernel: Kernel, SharedWork {
    let output: Value
    private let input: Value
    private let sources: [Int32]
    /// Input chunks of an image that no output chunk reads (their gradient is zero).
    private let unread: [Int32]
    private let images: Int, width: Int, inputChunks: Int
    private var forwardPass = true

    /// The rearrangement of `input` (plain storage, `images` × `inputChunks` chunks of `width`) into a value of
    /// `outputDims` (plain storage, `images` × `sources.count` chunks) laid out as `layout`.
    init(
        input: Value, images: Int, width: Int, inputChunks: Int, sources: [Int], outputDims: [Int],
        layout: (([Int]) throws -> dnnl_memory_desc_t), memory: PlanMemory
    ) throws {
        self.input = input
        self.images = images
        self.width = width
        self.inputChunks = inputChunks
        self.sources = sources.map { Int32($0) }
        var read = [Bool](repeating: false, count: inputChunks)
        for source in sources where source >= 0 { read[source] = true }
        unread = read.indices.filter { !read[$0] }.map { Int32($0) }
        output = try Value(
            dims: outputDims, layout: try layout(outputDims), needsGrad: input.needsGrad, memory: memory)
    }

    func forward(training: Bool) {
        forwardPass = true
        ComputeThreads.share(self)
    }

    func backward() {
        guard input.grad != nil, output.grad != nil else { return }
        forwardPass = false
        ComputeThreads.share(self)
    }

    /// A share of the images' output chunks: forward copies each from its source (or zeros it), backward copies each
    /// chunk's gradient back to its source and zeros the unread chunks' gradients.
    func run(slice: Int, of slices: Int, thread: Int) {
        let perImage = sources.count, count = width
        for chunk in Self.range(of: images * perImage, slice: slice, slices: slices) {
            let image = chunk / perImage, source = Int(sources[chunk % perImage])
            let inputOffset = (image * inputChunks + source) * count, outputOffset = chunk * count
            if forwardPass {
                let target = output.buffer.pointer + outputOffset
                if source < 0 {
                    target.update(repeating: 0, count: count)
                } else {
                    target.update(from: input.buffer.pointer + inputOffset, count: count)
                }
            } else if source >= 0, let dx = input.grad?.pointer, let dy = output.grad?.pointer {
                (dx + inputOffset).update(from: dy + outputOffset, count: count)
            }
        }
        guard !forwardPass, let dx = input.grad?.pointer else { return }
        for entry in Self.range(of: images * unread.count, slice: slice, slices: slices) {
            let image = entry / unread.count, chunk = Int(unread[entry % unread.count])
            (dx + (image * inputChunks + chunk) * count).update(repeating: 0, count: count)
        }
    }
}
