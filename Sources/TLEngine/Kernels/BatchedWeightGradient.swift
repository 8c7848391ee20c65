import CDNNL
import TLGraph

/// The weight gradient of an ungrouped convolution as one matrix product over the whole batch: the input unfolded
/// into columns (im2col), the output gradient channel-major, then oneDNN's matmul primitive (its scratch space is the
/// plan's, so steps allocate nothing). oneDNN 2.6's own fallback for
/// small feature maps (its gemm-based convolution, taken on AVX2 for 2x2 maps) multiplies image by image with an
/// inner dimension of a few pixels, several times slower than this single product over batch × pixels.
final class BatchedWeightGradient: ConvolutionGradientStep {
    private let source: LayoutCopy
    private let outputGradient: LayoutCopy
    /// The unfolded input: one row per (input channel, kernel row, kernel column), one column per (image, output pixel).
    private let columns: FloatBuffer
    private let product: DNNLPrimitive
    private let biasGradient: FloatBuffer?
    private let inputDims: [Int], outputDims: [Int]
    private let kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int)

    /// The feature maps at most this many pixels large take this path (beyond it oneDNN's products are long enough).
    static let largestMap = 64

    /// True when a convolution's weight gradient takes this path: ungrouped, on a small output map, where oneDNN's best
    /// implementation (`implementation`) is its gemm-based one.
    static func serves(_ op: Conv2dOp, outputDims: [Int], implementation: String) -> Bool {
        op.groups == 1 && outputDims[2] * outputDims[3] <= largestMap && implementation.contains("gemm")
    }

    /// The weight gradient of `op` reading `source` (the forward input) and `output`'s gradient, into `weight`'s
    /// gradient (PyTorch's layout) and `bias`'s.
    init(
        _ op: Conv2dOp, source: Value, output: Value, weight: Parameter, bias: Parameter?, context: DNNLContext,
        memory: PlanMemory
    ) throws {
        inputDims = source.dims
        outputDims = output.dims
        (kernel, stride, padding, dilation) = (op.kernel, op.stride, op.padding, op.dilation)
        self.source = try LayoutCopy(
            into: try plainDescriptor(source.dims), from: source.layout, source.buffer, role: .copiedSource,
            context: context, memory: memory
        )
        outputGradient = try LayoutCopy(
            into: try channelMajorDescriptor(output.dims), from: output.layout, output.grad!,
            role: .copiedOutputGradient,
            context: context, memory: memory)
        let channels = outputDims[1], pixels = outputDims[0] * outputDims[2] * outputDims[3]
        let rows = inputDims[1] * kernel.0 * kernel.1
        columns = try memory.activation(count: rows * pixels)
        biasGradient = bias?.grad
        // weight gradient (channels × rows) = output gradient (channels × pixels) · columns (rows × pixels) transposed
        var gradientRows = try plainDescriptor([channels, pixels]), result = try plainDescriptor([channels, rows])
        var transposedColumns = dnnl_memory_desc_t()
        try dnnlCheck(
            dnnl_memory_desc_init_by_tag(&transposedColumns, 2, [Int64(pixels), Int64(rows)], dnnl_f32, dnnl_ba),
            "memory_desc_init_by_tag")
        var desc = dnnl_matmul_desc_t()
        try dnnlCheck(dnnl_matmul_desc_init(&desc, &gradientRows, &transposedColumns, nil, &result), "matmul_desc_init")
        product = try DNNLPrimitive(&desc, context: context, memory: memory)
        product.bind([
            (DNNL_ARG_SRC, try DNNLMemory(gradientRows, buffer: outputGradient.buffer, context: context)),
            (DNNL_ARG_WEIGHTS, try DNNLMemory(transposedColumns, buffer: columns, context: context)),
            (DNNL_ARG_DST, try DNNLMemory(result, buffer: weight.grad, context: context)),
        ])
    }

    /// The work as one plan step of unknown memory use.
    var steps: [PlanStep] { [.whole(run: { [self] _ in run() }, uses: nil)] }

    /// Computes the weight and bias gradients from the forward input and the output gradient.
    func run() {
        source.reorder?.run()
        outputGradient.reorder?.run()
        unfold()
        product.run()
        guard let biasGradient else { return }
        let channels = outputDims[1], pixels = outputDims[0] * outputDims[2] * outputDims[3]
        for channel in 0..<channels {
            var sum: Float = 0
            let row = outputGradient.buffer.pointer + channel * pixels
            for pixel in 0..<pixels { sum += row[pixel] }
            biasGradient.pointer[channel] = sum
        }
    }

    /// Writes the input, unfolded, into `columns` (zeros where the window reaches into the padding).
    private func unfold() {
        let (images, channels, height, width) = (inputDims[0], inputDims[1], inputDims[2], inputDims[3])
        let (outHeight, outWidth) = (outputDims[2], outputDims[3])
        let pixels = images * outHeight * outWidth
        let input = source.buffer.pointer
        var row = columns.pointer
        for channel in 0..<channels {
            for kernelRow in 0..<kernel.0 {
                for kernelColumn in 0..<kernel.1 {
                    var column = 0
                    for image in 0..<images {
                        let plane = input + (image * channels + channel) * height * width
                        for y in 0..<outHeight {
                            let sourceY = y * stride.0 - padding.0 + kernelRow * dilation.0
                            for x in 0..<outWidth {
                                let sourceX = x * stride.1 - padding.1 + kernelColumn * dilation.1
                                let inside = sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width
                                row[column] = inside ? plane[sourceY * width + sourceX] : 0
                                column += 1
                            }
                        }
                    }
                    row += pixels
                }
            }
        }
    }
}
