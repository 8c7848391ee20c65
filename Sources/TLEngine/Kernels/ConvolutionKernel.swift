import CDNNL
import TLGraph

/// 2-D convolution on oneDNN in the layouts oneDNN runs fastest (typically channel-blocked), with the
/// reorders around it: the input into the chosen layout, the PyTorch-layout weights into the blocked layouts the
/// forward and the input-gradient primitives want, and the blocked weight gradient back into PyTorch's layout.
/// Blocked weights live in the plan's shared `WeightsScratch`, filled right before each use.
final class ConvolutionKernel: Kernel {
    let output: Value
    private let adapter: ReorderKernel?
    private let weightsIn: Reorder?
    private let backwardWeightsIn: Reorder?
    private let gradientOut: Reorder?
    private let forwardPrimitive: DNNLPrimitive
    private let backwardData: DNNLPrimitive?
    private let backwardWeights: DNNLPrimitive?
    /// The plan's shared buffer for blocked weights (kept alive with the kernel).
    private let weightsScratch: WeightsScratch

    init(_ op: Conv2dOp, input: Value, weight: Parameter, bias: Parameter?, outputDims: [Int],
         trainsWeights: Bool, context: DNNLContext, memory: PlanMemory, weightsScratch: WeightsScratch) throws {
        self.weightsScratch = weightsScratch
        let backward = trainsWeights || input.needsGrad
        let c = input.dims[1], outChannels = op.outChannels
        let weightDims = op.groups == 1
            ? [outChannels, c, op.kernel.0, op.kernel.1]
            : [op.groups, outChannels / op.groups, c / op.groups, op.kernel.0, op.kernel.1]
        let window = WindowGeometry(kernel: op.kernel, stride: op.stride, padding: op.padding, dilation: op.dilation,
                                    input: input.dims, output: outputDims)
        let biasLayout = try plainDescriptor([outChannels])
        let plainWeights = try plainDescriptor(weightDims)

        var src = try anyDescriptor(input.dims), weights = try anyDescriptor(weightDims), dst = try anyDescriptor(outputDims)
        var forwardDesc = dnnl_convolution_desc_t()
        try withOptionalPointer(bias == nil ? nil : biasLayout) { biasPointer in
            try dnnlCheck(dnnl_dilated_convolution_forward_desc_init(
                &forwardDesc, backward ? dnnl_forward_training : dnnl_forward_inference, dnnl_convolution_direct,
                &src, &weights, biasPointer, &dst, window.strides, window.dilation, window.paddingLeft, window.paddingRight),
                "convolution_forward_desc_init")
        }
        forwardPrimitive = try DNNLPrimitive(&forwardDesc, context: context, memory: memory)
        src = forwardPrimitive.layout(dnnl_query_src_md)
        weights = forwardPrimitive.layout(dnnl_query_weights_md)
        dst = forwardPrimitive.layout(dnnl_query_dst_md)

        let (source, adapter) = try ReorderKernel.conform(input, to: src, context: context, memory: memory)
        self.adapter = adapter
        output = Value(dims: outputDims, layout: dst, needsGrad: backward, memory: memory)
        /// The weights (or their gradient) in `layout`: the parameter's own buffer when the layout is PyTorch's,
        /// else the shared scratch and a reorder between the two (`into`: from PyTorch's layout into `layout`).
        func weightsBuffer(_ layout: dnnl_memory_desc_t, _ plain: FloatBuffer, into: Bool) throws -> (FloatBuffer, Reorder?) {
            if sameLayout(layout, plainWeights) { return (plain, nil) }
            let buffer = try weightsScratch.room(for: layout)
            let reorder = into
                ? try Reorder(from: plainWeights, plain, to: layout, buffer, context: context, memory: memory)
                : try Reorder(from: layout, buffer, to: plainWeights, plain, context: context, memory: memory)
            return (buffer, reorder)
        }
        let (forwardWeights, forwardReorder) = try weightsBuffer(weights, weight.value, into: true)
        weightsIn = forwardReorder
        let weightMemory = try DNNLMemory(weights, buffer: forwardWeights, context: context)
        let sourceMemory = try source.memory(context)
        var forwardArguments = [(DNNL_ARG_SRC, sourceMemory), (DNNL_ARG_WEIGHTS, weightMemory), (DNNL_ARG_DST, try output.memory(context))]
        if let bias { forwardArguments.append((DNNL_ARG_BIAS, try DNNLMemory(biasLayout, buffer: bias.value, context: context))) }
        forwardPrimitive.bind(forwardArguments)

        if source.needsGrad {
            var dataDesc = dnnl_convolution_desc_t()
            var anyWeights = try anyDescriptor(weightDims)
            try dnnlCheck(dnnl_dilated_convolution_backward_data_desc_init(
                &dataDesc, dnnl_convolution_direct, &src, &anyWeights, &dst, window.strides, window.dilation,
                window.paddingLeft, window.paddingRight), "convolution_backward_data_desc_init")
            let primitive = try DNNLPrimitive(&dataDesc, hint: forwardPrimitive, context: context, memory: memory)
            let dataWeights = primitive.layout(dnnl_query_weights_md)
            let (buffer, reorder) = try weightsBuffer(dataWeights, weight.value, into: true)
            backwardWeightsIn = reorder
            primitive.bind([(DNNL_ARG_DIFF_SRC, try source.gradMemory(context)),
                            (DNNL_ARG_WEIGHTS, try DNNLMemory(dataWeights, buffer: buffer, context: context)),
                            (DNNL_ARG_DIFF_DST, try output.gradMemory(context))])
            backwardData = primitive
        } else {
            backwardData = nil
            backwardWeightsIn = nil
        }

        if trainsWeights {
            var weightsDesc = dnnl_convolution_desc_t()
            var anyWeights = try anyDescriptor(weightDims)
            try withOptionalPointer(bias == nil ? nil : biasLayout) { biasPointer in
                try dnnlCheck(dnnl_dilated_convolution_backward_weights_desc_init(
                    &weightsDesc, dnnl_convolution_direct, &src, &anyWeights, biasPointer, &dst, window.strides, window.dilation,
                    window.paddingLeft, window.paddingRight), "convolution_backward_weights_desc_init")
            }
            let primitive = try DNNLPrimitive(&weightsDesc, hint: forwardPrimitive, context: context, memory: memory)
            let gradWeights = primitive.layout(dnnl_query_diff_weights_md)
            let (gradBuffer, reorder) = try weightsBuffer(gradWeights, weight.grad, into: false)
            var arguments = [(DNNL_ARG_SRC, sourceMemory), (DNNL_ARG_DIFF_DST, try output.gradMemory(context)),
                             (DNNL_ARG_DIFF_WEIGHTS, try DNNLMemory(gradWeights, buffer: gradBuffer, context: context))]
            if let bias { arguments.append((DNNL_ARG_DIFF_BIAS, try DNNLMemory(biasLayout, buffer: bias.grad, context: context))) }
            primitive.bind(arguments)
            backwardWeights = primitive
            gradientOut = reorder
        } else {
            backwardWeights = nil
            gradientOut = nil
        }
    }

    func forward(training: Bool) {
        adapter?.forward(training: training)
        weightsIn?.run()
        forwardPrimitive.run()
    }

    func backward() {
        backwardWeights?.run()
        gradientOut?.run()
        backwardWeightsIn?.run()
        backwardData?.run()
        adapter?.backward()
    }
}

/// Calls `body` with a pointer to `value`, or with nil when there is no value (optional C descriptor arguments).
func withOptionalPointer<T, R>(_ value: T?, _ body: (UnsafePointer<T>?) throws -> R) rethrows -> R {
    guard var value else { return try body(nil) }
    return try withUnsafePointer(to: &value) { try body($0) }
}
