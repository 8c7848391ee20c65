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

    /// The convolution `op` of `input`; `postOp` (evaluation plans only: nothing computes its gradient) is applied to
    /// the result. With `target` (evaluation plans only) the result is added to what `target` holds and written there,
    /// before `postOp`, where the convolution runs fastest in `target`'s layout; else `output` is a value of its own.
    init(
        _ op: Conv2dOp, input: Value, weight: Parameter, bias: Parameter?, outputDims: [Int],
        trainsWeights: Bool, postOp: EltwiseFunction? = nil, accumulatingInto target: Value? = nil,
        context: DNNLContext, memory: PlanMemory, weightsScratch: WeightsScratch
    ) throws {
        self.weightsScratch = weightsScratch
        let shape = try ConvolutionShape(
            op, input: input, outputDims: outputDims, hasBias: bias != nil,
            backward: trainsWeights || input.needsGrad)
        var forwardDesc = try shape.describe(
            try anyDescriptor(input.dims), try anyDescriptor(shape.weightDims), try anyDescriptor(outputDims))
        var postOps = PostOps(accumulate: target != nil, eltwise: postOp)
        var picked = try DNNLPrimitive.pick(&forwardDesc, postOps: postOps, context: context)
        if let target, !sameLayout(Self.destinationLayout(picked), target.layout) {
            dnnl_primitive_desc_destroy(picked)
            postOps.accumulate = false
            picked = try DNNLPrimitive.pick(&forwardDesc, postOps: postOps, context: context)
        }
        forwardPrimitive = try DNNLPrimitive(picked: picked, context: context, memory: memory)
        let (source, adapter) = try ReorderKernel.conform(
            input, to: forwardPrimitive.layout(dnnl_query_src_md), context: context, memory: memory)
        self.adapter = adapter
        if postOps.accumulate, let target {
            output = target
        } else {
            output = try Value(
                dims: outputDims, layout: forwardPrimitive.layout(dnnl_query_dst_md), needsGrad: shape.backward,
                memory: memory)
        }
        let places = WeightPlaces(plain: shape.plainWeights, scratch: weightsScratch, context: context, memory: memory)
        weightsIn = try Self.bindForward(
            forwardPrimitive, shape: shape, source: source, output: output, weight: weight, bias: bias,
            postOps: postOps, places: places, context: context, memory: memory)
        (backwardData, backwardWeightsIn) = try Self.dataGradient(
            shape: shape, source: source, output: output, weight: weight,
            hint: forwardPrimitive, places: places, context: context, memory: memory)
        (backwardWeights, gradientOut) =
            trainsWeights
            ? try Self.weightGradient(
                op, shape: shape, source: source, output: output, weight: weight, bias: bias,
                hint: forwardPrimitive, places: places, context: context, memory: memory)
            : (nil, nil)
    }

    /// Binds the forward primitive to `source`, the weights in the layout it wants, `output` and the bias, and cuts it
    /// into slices where that pays; returns the reorder that brings the weights into that layout, if one is needed.
    private static func bindForward(
        _ primitive: DNNLPrimitive, shape: ConvolutionShape, source: Value, output: Value, weight: Parameter,
        bias: Parameter?, postOps: PostOps, places: WeightPlaces, context: DNNLContext, memory: PlanMemory
    ) throws -> Reorder? {
        let weights = primitive.layout(dnnl_query_weights_md)
        let (forwardWeights, reorder) = try places.buffer(weights, weight.value, into: true)
        let weightMemory = try DNNLMemory(weights, buffer: forwardWeights, context: context)
        let sourceMemory = try source.memory(context)
        var arguments = [
            (DNNL_ARG_SRC, sourceMemory), (DNNL_ARG_WEIGHTS, weightMemory), (DNNL_ARG_DST, try output.memory(context)),
        ]
        if let bias {
            arguments.append((DNNL_ARG_BIAS, try DNNLMemory(shape.biasLayout, buffer: bias.value, context: context)))
        }
        primitive.bind(arguments)
        primitive.cutIntoSlices(
            entries: source.dims[0], memory: memory,
            [
                SliceArgument(argument: DNNL_ARG_SRC, buffer: source.buffer, role: .perSlice),
                SliceArgument(argument: DNNL_ARG_WEIGHTS, buffer: forwardWeights, role: .whole),
                SliceArgument(argument: DNNL_ARG_DST, buffer: output.buffer, role: .perSlice),
            ]
                + (bias.map { [SliceArgument(argument: DNNL_ARG_BIAS, buffer: $0.value, role: .whole)] } ?? [])
        ) { layout in
            var desc = try shape.describe(layout(DNNL_ARG_SRC), layout(DNNL_ARG_WEIGHTS), layout(DNNL_ARG_DST))
            return try DNNLPrimitive.pick(&desc, postOps: postOps, context: context)
        }
        return reorder
    }

    /// The layout of the result in the picked primitive descriptor `descriptor`.
    private static func destinationLayout(_ descriptor: dnnl_primitive_desc_t) -> dnnl_memory_desc_t {
        dnnl_primitive_desc_query_md(descriptor, dnnl_query_dst_md, 0)?.pointee ?? dnnl_memory_desc_t()
    }

    /// The input gradient and the reorder that brings the weights into the layout it wants (nil where none is needed);
    /// nils where the input needs no gradient.
    private static func dataGradient(
        shape: ConvolutionShape, source: Value, output: Value, weight: Parameter, hint: DNNLPrimitive,
        places: WeightPlaces, context: DNNLContext, memory: PlanMemory
    ) throws -> (ConvolutionDataGradient?, Reorder?) {
        guard source.needsGrad else { return (nil, nil) }
        var reorder: Reorder?
        let gradient = try ConvolutionDataGradient(
            geometry: shape.window, source: source, output: output, weightDims: shape.weightDims, hint: hint,
            context: context, memory: memory
        ) { layout in
            let (buffer, weightsReorder) = try places.buffer(layout, weight.value, into: true)
            reorder = weightsReorder
            return buffer
        }
        return (gradient, reorder)
    }

    /// The weight (and bias) gradient and the reorder that brings the weight gradient back into PyTorch's layout (nil
    /// where it is computed there).
    private static func weightGradient(
        _ op: Conv2dOp, shape: ConvolutionShape, source: Value, output: Value, weight: Parameter,
        bias: Parameter?, hint: DNNLPrimitive, places: WeightPlaces, context: DNNLContext,
        memory: PlanMemory
    ) throws -> (ConvolutionGradientStep?, Reorder?) {
        var reorder: Reorder?
        let gradient = try ConvolutionWeightGradient.make(
            op, geometry: shape.window, source: source, output: output, weightDims: shape.weightDims, weight: weight,
            bias: bias,
            hint: hint,
            context: context, memory: memory
        ) { layout in
            let (buffer, gradientReorder) = try places.buffer(layout, weight.grad, into: false)
            reorder = gradientReorder
            return buffer
        }
        return (gradient, reorder)
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

/// A convolution's weight shape and window, and its forward operation described in given layouts.
private struct ConvolutionShape {
    let weightDims: [Int]
    let window: WindowGeometry
    let biasLayout: dnnl_memory_desc_t
    /// The weights' layout in PyTorch (and in the parameter's own buffers).
    let plainWeights: dnnl_memory_desc_t
    let hasBias: Bool
    /// True when a backward pass runs (the forward operation is then described for training).
    let backward: Bool

    /// The shape of `op` on `input` giving `outputDims`.
    init(_ op: Conv2dOp, input: Value, outputDims: [Int], hasBias: Bool, backward: Bool) throws {
        let c = input.dims[1], outChannels = op.outChannels
        weightDims =
            op.groups == 1
            ? [outChannels, c, op.kernel.0, op.kernel.1]
            : [op.groups, outChannels / op.groups, c / op.groups, op.kernel.0, op.kernel.1]
        window = WindowGeometry(
            kernel: op.kernel, stride: op.stride, padding: op.padding, dilation: op.dilation,
            input: input.dims, output: outputDims)
        biasLayout = try plainDescriptor([outChannels])
        plainWeights = try plainDescriptor(weightDims)
        self.hasBias = hasBias
        self.backward = backward
    }

    /// The forward operation in the given layouts.
    func describe(_ src: dnnl_memory_desc_t, _ weights: dnnl_memory_desc_t, _ dst: dnnl_memory_desc_t) throws
        -> dnnl_convolution_desc_t
    {
        var src = src, weights = weights, dst = dst, desc = dnnl_convolution_desc_t()
        try withOptionalPointer(hasBias ? biasLayout : nil) { biasPointer in
            try dnnlCheck(
                dnnl_dilated_convolution_forward_desc_init(
                    &desc, backward ? dnnl_forward_training : dnnl_forward_inference, dnnl_convolution_direct,
                    &src, &weights, biasPointer, &dst, window.strides, window.dilation, window.paddingLeft,
                    window.paddingRight),
                "convolution_forward_desc_init")
        }
        return desc
    }
}

/// Where a convolution's weights (or their gradient) live in the layouts its primitives want.
private struct WeightPlaces {
    /// PyTorch's layout, the parameter's own.
    let plain: dnnl_memory_desc_t
    let scratch: WeightsScratch
    let context: DNNLContext
    let memory: PlanMemory

    /// The weights (or their gradient) in `layout`: the parameter's own buffer `parameter` when the layout is PyTorch's,
    /// else the shared scratch and a reorder between the two (`into`: from PyTorch's layout into `layout`).
    func buffer(_ layout: dnnl_memory_desc_t, _ parameter: FloatBuffer, into: Bool) throws -> (FloatBuffer, Reorder?) {
        if sameLayout(layout, plain) { return (parameter, nil) }
        let buffer = try scratch.room(for: layout)
        let reorder =
            into
            ? try Reorder(from: plain, parameter, to: layout, buffer, context: context, memory: memory)
            : try Reorder(from: layout, buffer, to: plain, parameter, context: context, memory: memory)
        return (buffer, reorder)
    }
}

/// Calls `body` with a pointer to `value`, or with nil when there is no value (optional C descriptor arguments).
func withOptionalPointer<T, R>(_ value: T?, _ body: (UnsafePointer<T>?) throws -> R) rethrows -> R {
    guard var value else { return try body(nil) }
    return try withUnsafePointer(to: &value) { try body($0) }
}
