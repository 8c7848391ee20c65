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
    private let backwardData: ConvolutionDataGradient?
    private let backwardWeights: ConvolutionGradientStep?
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

        /// The forward operation in the given layouts.
        func describe(_ src: dnnl_memory_desc_t, _ weights: dnnl_memory_desc_t, _ dst: dnnl_memory_desc_t) throws -> dnnl_convolution_desc_t {
            var src = src, weights = weights, dst = dst, desc = dnnl_convolution_desc_t()
            try withOptionalPointer(bias == nil ? nil : biasLayout) { biasPointer in
                try dnnlCheck(dnnl_dilated_convolution_forward_desc_init(
                    &desc, backward ? dnnl_forward_training : dnnl_forward_inference, dnnl_convolution_direct,
                    &src, &weights, biasPointer, &dst, window.strides, window.dilation, window.paddingLeft, window.paddingRight),
                    "convolution_forward_desc_init")
            }
            return desc
        }
        var forwardDesc = try describe(try anyDescriptor(input.dims), try anyDescriptor(weightDims), try anyDescriptor(outputDims))
        forwardPrimitive = try DNNLPrimitive(&forwardDesc, context: context, memory: memory)
        let src = forwardPrimitive.layout(dnnl_query_src_md)
        let weights = forwardPrimitive.layout(dnnl_query_weights_md)
        let dst = forwardPrimitive.layout(dnnl_query_dst_md)

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
        forwardPrimitive.cutIntoSlices(
            entries: input.dims[0], memory: memory,
            [SliceArgument(argument: DNNL_ARG_SRC, buffer: source.buffer, role: .perSlice),
                        SliceArgument(argument: DNNL_ARG_WEIGHTS, buffer: forwardWeights, role: .whole),
                        SliceArgument(argument: DNNL_ARG_DST, buffer: output.buffer, role: .perSlice)]
                + (bias.map { [SliceArgument(argument: DNNL_ARG_BIAS, buffer: $0.value, role: .whole)] } ?? [])) { layout in
                var desc = try describe(layout(DNNL_ARG_SRC), layout(DNNL_ARG_WEIGHTS), layout(DNNL_ARG_DST))
                return try DNNLPrimitive.pick(&desc, context: context)
            }

        if source.needsGrad {
            var reorder: Reorder?
            backwardData = try ConvolutionDataGradient(
                geometry: window, source: source, output: output, weightDims: weightDims, hint: forwardPrimitive,
                context: context, memory: memory) { layout in
                    let (buffer, weightsReorder) = try weightsBuffer(layout, weight.value, into: true)
                    reorder = weightsReorder
                    return buffer
                }
            backwardWeightsIn = reorder
        } else {
            backwardData = nil
            backwardWeightsIn = nil
        }

        if trainsWeights {
            var reorder: Reorder?
            backwardWeights = try ConvolutionWeightGradient.make(
                op, geometry: window, source: source, output: output, weightDims: weightDims, weight: weight, bias: bias,
                hint: forwardPrimitive,
                context: context, memory: memory) { layout in
                    let (buffer, gradientReorder) = try weightsBuffer(layout, weight.grad, into: false)
                    reorder = gradientReorder
                    return buffer
                }
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

    func forwardSteps() -> [PlanStep] {
        (adapter?.forwardSteps() ?? []) + [weightsIn?.step, forwardPrimitive.step].compactMap { $0 }
    }

    func backwardSteps() -> [PlanStep] {
        (backwardWeights?.steps ?? []) + [gradientOut?.step, backwardWeightsIn?.step].compactMap { $0 }
            + (backwardData?.steps ?? []) + (adapter?.backwardSteps() ?? [])
    }
}

/// Calls `body` with a pointer to `value`, or with nil when there is no value (optional C descriptor arguments).
func withOptionalPointer<T, R>(_ value: T?, _ body: (UnsafePointer<T>?) throws -> R) rethrows -> R {
    guard var value else { return try body(nil) }
    return try withUnsafePointer(to: &value) { try body($0) }
}
