import CDNNL
import TLGraph

/// One backward step of a convolution that a plan runs (its weight or its input gradient).
protocol ConvolutionGradientStep: AnyObject {
    /// Computes the gradient from the buffers bound at compile time.
    func run()
    /// The same work as plan steps.
    var steps: [PlanStep] { get }
}

/// The weight (and bias) gradient of a convolution, in the layouts `LayoutFallback` finds an optimised
/// implementation for, with the forward input and the output gradient copied into them when they differ.
final class ConvolutionWeightGradient: ConvolutionGradientStep {
    private let source: LayoutCopy
    private let outputGradient: LayoutCopy
    private let primitive: DNNLPrimitive

    /// The weight gradient of convolution `op` with `geometry` reading `source` (the forward input) and `output`'s
    /// gradient, into `weight`'s gradient (through the buffer `weightsGradient` gives for the primitive's weight
    /// layout) and `bias`'s: oneDNN's best implementation, or `BatchedWeightGradient` where that serves better.
    static func make(
        _ op: Conv2dOp, geometry window: WindowGeometry, source: Value, output: Value, weightDims: [Int],
        weight: Parameter,
        bias: Parameter?, hint: DNNLPrimitive, context: DNNLContext, memory: PlanMemory,
        weightsGradient: (dnnl_memory_desc_t) throws -> FloatBuffer
    ) throws -> ConvolutionGradientStep {
        let biasLayout = try plainDescriptor([output.dims[1]])
        /// The weight-gradient operation in the given layouts, with the implementation `DNNLPrimitive.pick` chooses.
        func describe(_ src: dnnl_memory_desc_t, _ weights: dnnl_memory_desc_t, _ dst: dnnl_memory_desc_t) throws
            -> dnnl_primitive_desc_t
        {
            var src = src, weights = weights, dst = dst, desc = dnnl_convolution_desc_t()
            try withOptionalPointer(bias == nil ? nil : biasLayout) { biasPointer in
                try dnnlCheck(
                    dnnl_dilated_convolution_backward_weights_desc_init(
                        &desc, dnnl_convolution_direct, &src, &weights, biasPointer, &dst, window.strides,
                        window.dilation,
                        window.paddingLeft, window.paddingRight), "convolution_backward_weights_desc_init")
            }
            return try DNNLPrimitive.pick(&desc, hint: hint, context: context)
        }
        let picked = try LayoutFallback.pick(forward: (source.layout, output.layout), dims: (source.dims, output.dims))
        { input, result in
            try describe(input, try anyDescriptor(weightDims), result)
        }
        let implementation = KernelChoice.implementationName(picked)
        if DepthwiseWeightGradient.serves(op, inputChannels: source.dims[1], implementation: implementation) {
            dnnl_primitive_desc_destroy(picked)
            return try DepthwiseWeightGradient(
                op, source: source, output: output, weight: weight, bias: bias, context: context, memory: memory)
        }
        if BatchedWeightGradient.serves(op, outputDims: output.dims, implementation: implementation) {
            dnnl_primitive_desc_destroy(picked)
            return try BatchedWeightGradient(
                op, source: source, output: output, weight: weight, bias: bias, context: context, memory: memory)
        }
        return try ConvolutionWeightGradient(
            picked: picked, source: source, output: output, bias: bias, context: context,
            memory: memory, weightsGradient: weightsGradient, describe: describe)
    }

    private init(
        picked: dnnl_primitive_desc_t, source: Value, output: Value, bias: Parameter?, context: DNNLContext,
        memory: PlanMemory,
        weightsGradient: (dnnl_memory_desc_t) throws -> FloatBuffer,
        describe: (dnnl_memory_desc_t, dnnl_memory_desc_t, dnnl_memory_desc_t) throws -> dnnl_primitive_desc_t
    ) throws {
        primitive = try DNNLPrimitive(picked: picked, context: context, memory: memory)
        let wantedSource = primitive.layout(dnnl_query_src_md),
            wantedGradient = primitive.layout(dnnl_query_diff_dst_md)
        self.source = try LayoutCopy(
            into: wantedSource, from: source.layout, source.buffer, role: .copiedSource, context: context,
            memory: memory)
        outputGradient = try LayoutCopy(
            into: wantedGradient, from: output.layout, output.grad!, role: .copiedOutputGradient, context: context,
            memory: memory)
        let gradientLayout = primitive.layout(dnnl_query_diff_weights_md)
        let gradientBuffer = try weightsGradient(gradientLayout)
        var arguments = [
            (DNNL_ARG_SRC, try DNNLMemory(wantedSource, buffer: self.source.buffer, context: context)),
            (DNNL_ARG_DIFF_DST, try DNNLMemory(wantedGradient, buffer: outputGradient.buffer, context: context)),
            (DNNL_ARG_DIFF_WEIGHTS, try DNNLMemory(gradientLayout, buffer: gradientBuffer, context: context)),
        ]
        if let bias {
            arguments.append(
                (
                    DNNL_ARG_DIFF_BIAS,
                    try DNNLMemory(
                        primitive.layout(dnnl_query_diff_weights_md, index: 1),
                        buffer: bias.grad, context: context)
                ))
        }
        primitive.bind(arguments)
        let batch = source.dims[0], pixels = output.dims[2] * output.dims[3]
        guard let slices = SlicedPrimitive.count(entries: batch, threads: ComputeThreads.current),
            batch / slices * pixels >= Self.smallestSliceProducts
        else { return }
        primitive.cutIntoSlices(
            entries: batch, memory: memory,
            [
                SliceArgument(argument: DNNL_ARG_SRC, buffer: self.source.buffer, role: .perSlice),
                SliceArgument(argument: DNNL_ARG_DIFF_DST, buffer: outputGradient.buffer, role: .perSlice),
                SliceArgument(argument: DNNL_ARG_DIFF_WEIGHTS, buffer: gradientBuffer, role: .summed),
            ]
                + (bias.map { [SliceArgument(argument: DNNL_ARG_DIFF_BIAS, buffer: $0.grad, role: .summed)] } ?? [])
        ) { layout in
            try describe(layout(DNNL_ARG_SRC), layout(DNNL_ARG_DIFF_WEIGHTS), layout(DNNL_ARG_DIFF_DST))
        }
    }

    /// The fewest products per weight (a slice's images × output pixels) for cutting the weight gradient by image to
    /// pay: each slice adds a partial gradient as large as the weights, and on small maps (a ResNet's last stages)
    /// adding them costs more than sharing the work out gains.
    private static let smallestSliceProducts = 256

    /// Computes the weight and bias gradients from the forward input and the output gradient.
    func run() {
        source.reorder?.run()
        outputGradient.reorder?.run()
        primitive.run()
    }

    var steps: [PlanStep] { [source.reorder?.step, outputGradient.reorder?.step, primitive.step].compactMap { $0 } }
}
