import CDNNL

/// The input gradient of a convolution, in the layouts `LayoutFallback` finds an optimised implementation for,
/// with the output gradient copied into the wanted layout and the input gradient copied back when they differ.
final class ConvolutionDataGradient: ConvolutionGradientStep {
    private let outputGradient: LayoutCopy
    private let inputGradient: LayoutCopy
    private let primitive: DNNLPrimitive

    /// The input gradient of a convolution with `geometry` into `source`'s gradient from `output`'s, with the
    /// weights from the buffer `weights` gives for the primitive's weight layout.
    init(
        geometry window: WindowGeometry, source: Value, output: Value, weightDims: [Int], hint: DNNLPrimitive,
        context: DNNLContext, memory: PlanMemory, weights: (dnnl_memory_desc_t) throws -> FloatBuffer
    ) throws {
        /// The input-gradient operation in the given layouts, with the implementation `DNNLPrimitive.pick` chooses.
        func describe(_ src: dnnl_memory_desc_t, _ weights: dnnl_memory_desc_t, _ dst: dnnl_memory_desc_t) throws
            -> dnnl_primitive_desc_t
        {
            var src = src, weights = weights, dst = dst, desc = dnnl_convolution_desc_t()
            try dnnlCheck(
                dnnl_dilated_convolution_backward_data_desc_init(
                    &desc, dnnl_convolution_direct, &src, &weights, &dst, window.strides, window.dilation,
                    window.paddingLeft, window.paddingRight), "convolution_backward_data_desc_init")
            return try DNNLPrimitive.pick(&desc, hint: hint, context: context)
        }
        let picked = try LayoutFallback.pick(forward: (source.layout, output.layout), dims: (source.dims, output.dims))
        { input, result in
            try describe(input, try anyDescriptor(weightDims), result)
        }
        primitive = try DNNLPrimitive(picked: picked, context: context, memory: memory)
        let wantedInput = primitive.layout(dnnl_query_diff_src_md),
            wantedOutput = primitive.layout(dnnl_query_diff_dst_md)
        outputGradient = try LayoutCopy(
            into: wantedOutput, from: output.layout, output.grad!, role: .copiedOutputGradient, context: context,
            memory: memory)
        inputGradient = try LayoutCopy(
            outOf: wantedInput, into: source.layout, source.grad!, role: .copiedInputGradient, context: context,
            memory: memory)
        let weightsLayout = primitive.layout(dnnl_query_weights_md)
        let weightsBuffer = try weights(weightsLayout)
        primitive.bind([
            (DNNL_ARG_DIFF_SRC, try DNNLMemory(wantedInput, buffer: inputGradient.buffer, context: context)),
            (DNNL_ARG_WEIGHTS, try DNNLMemory(weightsLayout, buffer: weightsBuffer, context: context)),
            (DNNL_ARG_DIFF_DST, try DNNLMemory(wantedOutput, buffer: outputGradient.buffer, context: context)),
        ])
        primitive.cutIntoSlices(
            entries: source.dims[0], memory: memory,
            [
                SliceArgument(argument: DNNL_ARG_DIFF_SRC, buffer: inputGradient.buffer, role: .perSlice),
                SliceArgument(argument: DNNL_ARG_WEIGHTS, buffer: weightsBuffer, role: .whole),
                SliceArgument(argument: DNNL_ARG_DIFF_DST, buffer: outputGradient.buffer, role: .perSlice),
            ]
        ) { layout in
            try describe(layout(DNNL_ARG_DIFF_SRC), layout(DNNL_ARG_WEIGHTS), layout(DNNL_ARG_DIFF_DST))
        }
    }

    /// Computes the input gradient from the output gradient and the weights.
    func run() {
        outputGradient.reorder?.run()
        primitive.run()
        inputGradient.reorder?.run()
    }

    /// The same work as plan steps.
    var steps: [PlanStep] {
        [outputGradient.reorder?.step, primitive.step, inputGradient.reorder?.step].compactMap { $0 }
    }
}
