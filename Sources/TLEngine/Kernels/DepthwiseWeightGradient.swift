import CDNNL
import TLGraph

/// The weight (and bias) gradient of a depthwise convolution (one input and one output channel per group) with a
/// kernel larger than 3x3, on tlrun's threads. oneDNN 2.6 has an optimised depthwise weight gradient only for 3x3
/// kernels; for ConvNeXt's 7x7 and EfficientNet's 5x5 it falls back to its gemm-based convolution, which multiplies
/// channel by channel in slices of a few images and took more than half of a ConvNeXt training step.
///
/// The forward input and the output gradient are read channel-blocked (16 channels innermost, zero-padded), 16 channels
/// at a time in four SIMD4 registers: for each kernel position, the sum over the output pixels of output gradient × input.
/// Each image's sums go to a buffer of their own and are added in image order, so the result does not depend on how
/// many threads run it.
final class DepthwiseWeightGradient: ConvolutionGradientStep, SharedWork {
    private let source: LayoutCopy
    private let outputGradient: LayoutCopy
    /// Per image, per kernel position (then one row for the bias), the padded channels' sums.
    private let partialSums: FloatBuffer
    private let weightGradient: FloatBuffer
    private let biasGradient: FloatBuffer?
    private let inputDims: [Int], outputDims: [Int]
    private let op: Conv2dOp
    /// Channel blocks of 16.
    private let blocks: Int

    /// Channels stored together.
    static let lanes = 16

    /// True when a convolution's weight gradient takes this path: depthwise, with oneDNN's best implementation
    /// (`implementation`) its gemm-based one.
    static func serves(_ op: Conv2dOp, inputChannels: Int, implementation: String) -> Bool {
        op.groups > 1 && op.groups == inputChannels && op.outChannels == op.groups && implementation.contains("gemm")
    }

    /// The weight gradient of `op` reading `source` (the forward input) and `output`'s gradient, into `weight`'s
    /// gradient (PyTorch's layout) and `bias`'s.
    init(
        _ op: Conv2dOp, source: Value, output: Value, weight: Parameter, bias: Parameter?, context: DNNLContext,
        memory: PlanMemory
    ) throws {
        inputDims = source.dims
        outputDims = output.dims
        self.op = op
        blocks = (source.dims[1] + Self.lanes - 1) / Self.lanes
        self.source = try LayoutCopy(
            into: try Self.blocked(source.dims), from: source.layout, source.buffer, role: .copiedSource,
            context: context, memory: memory)
        outputGradient = try LayoutCopy(
            into: try Self.blocked(output.dims), from: output.layout, output.grad!, role: .copiedOutputGradient,
            context: context, memory: memory)
        partialSums = try FloatBuffer(count: source.dims[0] * (op.kernel.0 * op.kernel.1 + 1) * blocks * Self.lanes)
        weightGradient = weight.grad
        biasGradient = bias?.grad
    }

    /// The N×C/16×H×W×16 layout of a value of `dims`.
    private static func blocked(_ dims: [Int]) throws -> dnnl_memory_desc_t {
        var desc = dnnl_memory_desc_t()
        try dnnlCheck(
            dnnl_memory_desc_init_by_tag(&desc, 4, dims.map(Int64.init), dnnl_f32, dnnl_nChw16c),
            "memory_desc_init_by_tag")
        return desc
    }

    /// The work as one plan step of unknown memory use.
    var steps: [PlanStep] { [.whole(run: { [self] _ in run() }, uses: nil)] }

    /// Computes the weight and bias gradients from the forward input and the output gradient.
    func run() {
        source.reorder?.run()
        outputGradient.reorder?.run()
        let images = inputDims[0]
        ComputeThreads.share(self, slices: images)
        let channels = inputDims[1], positions = op.kernel.0 * op.kernel.1, padded = blocks * Self.lanes
        let sums = partialSums.pointer, row = (positions + 1) * padded
        for position in 0...positions {
            for channel in 0..<channels {
                var total: Float = 0
                for image in 0..<images { total += sums[image * row + position * padded + channel] }
                if position < positions {
                    weightGradient.pointer[channel * positions + position] = total
                } else {
                    biasGradient?.pointer[channel] = total
                }
            }
        }
    }

    /// Image `slice`'s sums.
    func run(slice image: Int, of slices: Int, thread: Int) {
        let (height, width) = (inputDims[2], inputDims[3]), (outHeight, outWidth) = (outputDims[2], outputDims[3])
        let (kernel, stride, padding, dilation) = (op.kernel, op.stride, op.padding, op.dilation)
        let positions = kernel.0 * kernel.1, padded = blocks * Self.lanes
        let sums = Self.quads(partialSums.pointer + image * (positions + 1) * padded)
        let x = Self.quads(source.buffer.pointer), dy = Self.quads(outputGradient.buffer.pointer)
        for block in 0..<blocks {
            let inputPlane = (image * blocks + block) * height * width
            let outputPlane = (image * blocks + block) * outHeight * outWidth
            for kernelRow in 0..<kernel.0 {
                let rowOffset = kernelRow * dilation.0 - padding.0
                let rows = Self.outputRange(count: outHeight, size: height, offset: rowOffset, stride: stride.0)
                for kernelColumn in 0..<kernel.1 {
                    let columnOffset = kernelColumn * dilation.1 - padding.1
                    let columns = Self.outputRange(count: outWidth, size: width, offset: columnOffset, stride: stride.1)
                    var sum = Quads()
                    for y in rows {
                        let inputRow = inputPlane + (y * stride.0 + rowOffset) * width,
                            outputRow = outputPlane + y * outWidth
                        for column in columns {
                            sum.addProduct(
                                dy + 4 * (outputRow + column), x + 4 * (inputRow + column * stride.1 + columnOffset))
                        }
                    }
                    sum.store(to: sums + 4 * ((kernelRow * kernel.1 + kernelColumn) * blocks + block))
                }
            }
            var bias = Quads()
            for pixel in outputPlane..<(outputPlane + outHeight * outWidth) { bias.add(dy + 4 * pixel) }
            bias.store(to: sums + 4 * (positions * blocks + block))
        }
    }

    /// Floats seen as groups of four (the buffers are 64-byte aligned, every offset here a multiple of 16 floats).
    private static func quads(_ pointer: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<SIMD4<Float>> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: SIMD4<Float>.self)
    }

    /// Sixteen running sums in four SIMD4 registers (which every x86-64 compiles to vector code).
    private struct Quads {
        var sums = (SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>())

        /// Adds the products of the sixteen floats at `a` and at `b`.
        @inline(__always)
        mutating func addProduct(_ a: UnsafeMutablePointer<SIMD4<Float>>, _ b: UnsafeMutablePointer<SIMD4<Float>>) {
            sums.0 += a[0] * b[0]
            sums.1 += a[1] * b[1]
            sums.2 += a[2] * b[2]
            sums.3 += a[3] * b[3]
        }

        /// Adds the sixteen floats at `a`.
        @inline(__always)
        mutating func add(_ a: UnsafeMutablePointer<SIMD4<Float>>) {
            sums.0 += a[0]
            sums.1 += a[1]
            sums.2 += a[2]
            sums.3 += a[3]
        }

        /// Writes the sums to `target`.
        func store(to target: UnsafeMutablePointer<SIMD4<Float>>) {
            (target[0], target[1], target[2], target[3]) = sums
        }
    }

    /// The output positions `o` (of `count`) whose input position `o · stride + offset` lies in `0..<size`.
    static func outputRange(count: Int, size: Int, offset: Int, stride: Int) -> Range<Int> {
        let first = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = size - 1 - offset < 0 ? -1 : (size - 1 - offset) / stride
        return first..<max(first, min(count, last + 1))
    }
}
