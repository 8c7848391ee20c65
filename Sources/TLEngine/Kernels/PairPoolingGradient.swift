import CDNNL
import TLGraph

/// The input gradient of 2x2 max pooling with stride 2 (no padding, no dilation, an even map), from the input and the
/// output gradient alone: each window's gradient goes to its first largest element, row by row (PyTorch's choice).
/// With it the forward pass runs oneDNN's inference kernel, which writes no workspace; on AVX2 oneDNN 2.6's training
/// kernel (which records the workspace its backward kernel reads) takes about twice as long.
final class PairPoolingGradient: SharedWork {
    private let input: FloatBuffer
    private let outputGradient: FloatBuffer
    private let inputGradient: FloatBuffer
    /// Images × channel blocks, each a height × width map of `block` channels side by side.
    private let planes: Int, height: Int, width: Int, block: Int
    private let images: Int
    /// How many slices of whole images the work is cut into where it chains with its neighbours' (see `SliceChain`).
    let sliceCount: Int

    /// The channel block of `input`'s layout when this path serves `op` on it (oneDNN's channel-blocked layouts of 8
    /// or 16 channels), or nil.
    static func block(for op: PoolWindow, input: Value, outputDims: [Int]) throws -> Int? {
        guard op.kernel == (2, 2), op.stride == (2, 2), op.padding == (0, 0), op.dilation == (1, 1),
            input.dims.count == 4,
            input.dims[2] == 2 * outputDims[2], input.dims[3] == 2 * outputDims[3]
        else { return nil }
        for (tag, block) in [(dnnl_aBcd8b, 8), (dnnl_aBcd16b, 16)] {
            var layout = dnnl_memory_desc_t()
            try dnnlCheck(
                dnnl_memory_desc_init_by_tag(&layout, 4, input.dims.map(Int64.init), dnnl_f32, tag),
                "memory_desc_init_by_tag")
            if sameLayout(layout, input.layout) { return block }
        }
        return nil
    }

    /// The gradient of pooling `input` (in a layout with channel `block`) given the output gradient `outputGradient`.
    init(input: Value, outputGradient: FloatBuffer, block: Int) {
        self.input = input.buffer
        self.outputGradient = outputGradient
        inputGradient = input.grad!
        self.block = block
        let channelBlocks = (input.dims[1] + block - 1) / block
        (planes, height, width) = (input.dims[0] * channelBlocks, input.dims[2], input.dims[3])
        images = input.dims[0]
        sliceCount = SlicedPrimitive.count(entries: images, threads: ComputeThreads.current) ?? 1
    }

    /// Writes the input gradient: the output gradient at each window's first largest element, zero elsewhere.
    func run() { ComputeThreads.share(self) }

    /// Writes the input gradient of slice `slice` of the rows of windows.
    func run(slice: Int, of slices: Int, thread: Int) {
        route(rows: Self.range(of: planes * height / 2, slice: slice, slices: slices))
    }

    /// Writes the input gradient of the rows of windows `rows` (counted over all planes).
    private func route(rows: Range<Int>) {
        let rowLength = width * block
        for row in rows {
            let top = input.pointer + 2 * row * rowLength, resultTop = inputGradient.pointer + 2 * row * rowLength
            let gradientRow = outputGradient.pointer + row * rowLength / 2
            for column in 0..<width / 2 {
                let left = 2 * column * block
                for lane in stride(from: 0, to: block, by: 4) {
                    route(
                        top + left + lane, resultTop + left + lane, gradientRow + column * block + lane,
                        rowLength: rowLength)
                }
            }
        }
    }

    /// The windows of 4 channels side by side: their elements are at `source`, a block further, and a row below
    /// each; the gradients at `gradient` go to the first largest of each, in the same places under `result`.
    @inline(__always)
    private func route(
        _ source: UnsafeMutablePointer<Float>, _ result: UnsafeMutablePointer<Float>,
        _ gradient: UnsafeMutablePointer<Float>, rowLength: Int
    ) {
        typealias Lanes = SIMD4<Float>
        func load(_ pointer: UnsafeMutablePointer<Float>) -> Lanes {
            UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
        }
        let g = load(gradient)
        // `pointwiseMax` is not specialised here and runs several times slower than these selects.
        func larger(_ a: Lanes, _ b: Lanes) -> Lanes { a.replacing(with: b, where: b .> a) }
        func store(_ taken: SIMDMask<Lanes.MaskStorage>, _ offset: Int) {
            UnsafeMutableRawPointer(result + offset).storeBytes(
                of: Lanes().replacing(with: g, where: taken), as: Lanes.self)
        }
        let below = source + rowLength
        let x = (load(source), load(source + block), load(below), load(below + block))
        let largest = larger(larger(x.0, x.1), larger(x.2, x.3))
        let first = x.0 .== largest, second = (x.1 .== largest) .& .!first
        let earlier = first .| second
        let third = (x.2 .== largest) .& .!earlier, fourth = .!(earlier .| third)
        store(first, 0)
        store(second, block)
        store(third, rowLength)
        store(fourth, rowLength + block)
    }
}

extension PairPoolingGradient: SlicedWork {
    var threadLimit: Int { .max }

    var memoryUses: [MemoryUse] {
        let sliceBytes = planes * height * width * block * 4 / sliceCount
        return [
            MemoryUse(input.pointer, length: sliceBytes, perSlice: true, writes: false),
            MemoryUse(outputGradient.pointer, length: sliceBytes / 4, perSlice: true, writes: false),
            MemoryUse(inputGradient.pointer, length: sliceBytes, perSlice: true, writes: true),
        ]
    }

    var scratchBytes: Int { 0 }

    func runSlice(_ slice: Int, thread: Int) {
        let rowsPerImage = planes / images * height / 2,
            sliceImages = Self.range(of: images, slice: slice, slices: sliceCount)
        route(rows: sliceImages.lowerBound * rowsPerImage..<sliceImages.upperBound * rowsPerImage)
    }

    func finishSlices() {}

    func attach(_ space: FloatBuffer, offset: Int) throws {}

    func recordCut(in memory: PlanMemory) {}
}
