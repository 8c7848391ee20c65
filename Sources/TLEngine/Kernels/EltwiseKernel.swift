import CDNNL

/// An element-wise activation on oneDNN (ReLU, leaky ReLU, ReLU6, GELU, sigmoid, tanh, softplus) with its backward
/// pass.
///
/// With `inPlace` (only for ReLU, whose backward can work from its output), the result overwrites the input's
/// buffer, as `nn.ReLU(inplace=True)` does: the plan compiler asks for it when nothing else reads that input. Its
/// backward pass then works in place too: the input gradient overwrites the output's.
///
/// Where oneDNN has only a reference implementation for the input's layout (a sigmoid on an N×C×1×1 map whose
/// channels fill no whole block, under AVX-512), the input is brought into the plain layout first.
final class EltwiseKernel: PrimitiveKernel {
    let output: Value
    let adapter: ReorderKernel?
    let forwardPrimitive: DNNLPrimitive
    let backwardPrimitive: DNNLPrimitive?

    /// True when the result lives in shared scratch (see `RecomputedActivationKernel`).
    let transient: Bool

    /// The element-wise `function` of `given`, in place where `inPlace` and the function allows it; with `transient`,
    /// where the result is not in place and no reorder precedes it, the result lives in shared scratch.
    init(
        _ function: EltwiseFunction, input given: Value, inPlace: Bool, transient: Bool = false,
        context: DNNLContext, memory: PlanMemory
    ) throws {
        let (algorithm, alpha, beta) = (function.algorithm, function.alpha, function.beta)
        let overwrite = inPlace && algorithm == dnnl_eltwise_relu
        let forwardAlgorithm = overwrite ? dnnl_eltwise_relu_use_dst_for_bwd : algorithm
        /// The forward operation on tensors of `layout`.
        func forwardDescriptor(_ layout: dnnl_memory_desc_t) throws -> dnnl_eltwise_desc_t {
            var layout = layout, desc = dnnl_eltwise_desc_t()
            try dnnlCheck(
                dnnl_eltwise_forward_desc_init(
                    &desc, given.needsGrad ? dnnl_forward_training : dnnl_forward_inference,
                    forwardAlgorithm, &layout, alpha, beta), "eltwise_forward_desc_init")
            return desc
        }
        var probe = try forwardDescriptor(given.layout)
        let probed = try DNNLPrimitive.pick(&probe, context: context)
        let onlyReference = KernelChoice.isReference(KernelChoice.implementationName(probed))
        dnnl_primitive_desc_destroy(probed)
        let (input, adapter) =
            onlyReference && !overwrite
            ? try ReorderKernel.conform(given, to: try plainDescriptor(given.dims), context: context, memory: memory)
            : (given, nil)
        self.adapter = adapter
        self.transient = transient && !overwrite && adapter == nil
        if overwrite {
            output = Value(dims: input.dims, layout: input.layout, buffer: input.buffer, grad: input.grad)
        } else if self.transient {
            output = try memory.transientValue(
                dims: input.dims, layout: input.layout, needsGrad: input.needsGrad, role: .recomputedActivation)
        } else {
            output = try Value(dims: input.dims, layout: input.layout, needsGrad: input.needsGrad, memory: memory)
        }
        let data = input.layout
        var forwardDesc = try forwardDescriptor(data)
        let forwardPrimitive = try DNNLPrimitive(&forwardDesc, context: context, memory: memory)
        self.forwardPrimitive = forwardPrimitive
        let source = try input.memory(context)
        let result = try output.memory(context)
        forwardPrimitive.bind([(DNNL_ARG_SRC, source), (DNNL_ARG_DST, result)])
        let batch = input.dims[0], worthCutting = input.buffer.count * 4 >= SlicedPrimitive.smallestTensorWorthCutting
        forwardPrimitive.cutIntoSlices(
            entries: batch, memory: memory, alone: worthCutting,
            [
                SliceArgument(argument: DNNL_ARG_SRC, buffer: input.buffer, role: .perSlice),
                SliceArgument(argument: DNNL_ARG_DST, buffer: output.buffer, role: .perSlice),
            ]
        ) { layout in
            var desc = try forwardDescriptor(layout(DNNL_ARG_SRC))
            return try DNNLPrimitive.pick(&desc, context: context)
        }
        guard let inputGrad = input.grad, let outputGrad = output.grad else {
            backwardPrimitive = nil
            return
        }
        /// The backward operation on tensors of `layout`.
        func backwardDescriptor(_ layout: dnnl_memory_desc_t) throws -> dnnl_eltwise_desc_t {
            var layout = layout, desc = dnnl_eltwise_desc_t()
            try dnnlCheck(
                dnnl_eltwise_backward_desc_init(&desc, forwardAlgorithm, &layout, &layout, alpha, beta),
                "eltwise_backward_desc_init")
            return desc
        }
        var backwardDesc = try backwardDescriptor(data)
        let primitive = try DNNLPrimitive(&backwardDesc, hint: forwardPrimitive, context: context, memory: memory)
        primitive.bind([
            overwrite ? (DNNL_ARG_DST, result) : (DNNL_ARG_SRC, source),
            (DNNL_ARG_DIFF_DST, try DNNLMemory(data, buffer: outputGrad, context: context)),
            (DNNL_ARG_DIFF_SRC, try DNNLMemory(data, buffer: inputGrad, context: context)),
        ])
        primitive.cutIntoSlices(
            entries: batch, memory: memory, alone: worthCutting,
            [
                overwrite
                    ? SliceArgument(argument: DNNL_ARG_DST, buffer: output.buffer, role: .perSlice)
                    : SliceArgument(argument: DNNL_ARG_SRC, buffer: input.buffer, role: .perSlice),
                SliceArgument(argument: DNNL_ARG_DIFF_DST, buffer: outputGrad, role: .perSlice),
                SliceArgument(argument: DNNL_ARG_DIFF_SRC, buffer: inputGrad, role: .perSlice),
            ]
        ) { layout in
            var desc = try backwardDescriptor(layout(DNNL_ARG_DIFF_SRC))
            return try DNNLPrimitive.pick(&desc, hint: forwardPrimitive, context: context)
        }
        backwardPrimitive = primitive
    }
}
