import CDNNL
import TLGraph

/// 2-D max or average pooling on oneDNN, in the input's layout, with its backward pass: oneDNN's, or for max pooling
/// over 2x2 windows with stride 2 tlrun's `PairPoolingGradient`. Max pooling counts padding as -∞ (ceil_mode as
/// PyTorch); average pooling divides as PyTorch does where `averaging(_:input:outputDims:)` says oneDNN can.
final class PoolingKernel: Kernel {
    let output: Value
    private let forwardPrimitive: DNNLPrimitive
    private let backwardPrimitive: DNNLPrimitive?
    private let pairGradient: PairPoolingGradient?
    private let workspace: FloatBuffer?

    /// oneDNN's average pooling that divides as PyTorch's `AvgPool2d` with `op` does, or nil where none does: with
    /// `count_include_pad` the divisor is the whole window, which PyTorch clips where ceil_mode lets the last window
    /// run past the padding.
    static func averaging(_ op: PoolWindow, input: [Int], outputDims: [Int]) -> dnnl_alg_kind_t? {
        guard op.countIncludePad else { return dnnl_pooling_avg_exclude_padding }
        let window = WindowGeometry(
            kernel: op.kernel, stride: op.stride, padding: op.padding, dilation: op.dilation, input: input,
            output: outputDims)
        let padding = [op.padding.0, op.padding.1]
        return (0..<2).allSatisfy { Int(window.paddingRight[$0]) <= padding[$0] }
            ? dnnl_pooling_avg_include_padding : nil
    }

    /// Pooling `input` over `op`'s windows with `algorithm` (`dnnl_pooling_max` or an average from
    /// `averaging(_:input:outputDims:)`).
    init(
        _ op: PoolWindow, algorithm: dnnl_alg_kind_t = dnnl_pooling_max, input: Value, outputDims: [Int],
        context: DNNLContext, memory: PlanMemory
    ) throws {
        var src = input.layout, dst = try anyDescriptor(outputDims)
        let window = WindowGeometry(
            kernel: op.kernel, stride: op.stride, padding: op.padding, dilation: op.dilation,
            input: input.dims, output: outputDims)
        let pairBlock =
            input.needsGrad && algorithm == dnnl_pooling_max
            ? try PairPoolingGradient.block(for: op, input: input, outputDims: outputDims) : nil
        let direction = input.needsGrad && pairBlock == nil ? dnnl_forward_training : dnnl_forward_inference
        /// The forward operation in the given layouts.
        func forwardDescriptor(_ src: dnnl_memory_desc_t, _ dst: dnnl_memory_desc_t) throws -> dnnl_pooling_v2_desc_t {
            var src = src, dst = dst, desc = dnnl_pooling_v2_desc_t()
            try dnnlCheck(
                dnnl_pooling_v2_forward_desc_init(
                    &desc, direction, algorithm, &src, &dst,
                    window.strides, window.kernel, window.dilation, window.paddingLeft, window.paddingRight),
                "pooling_forward_desc_init")
            return desc
        }
        var forwardDesc = try forwardDescriptor(src, dst)
        forwardPrimitive = try DNNLPrimitive(&forwardDesc, context: context, memory: memory)
        dst = forwardPrimitive.layout(dnnl_query_dst_md)
        output = try Value(dims: outputDims, layout: dst, needsGrad: input.needsGrad, memory: memory)
        var arguments: [(Int32, DNNLMemory)] = [
            (
                DNNL_ARG_SRC,
                try DNNLMemory(src, pointer: UnsafeMutableRawPointer(input.buffer.pointer), context: context)
            ),
            (
                DNNL_ARG_DST,
                try DNNLMemory(dst, pointer: UnsafeMutableRawPointer(output.buffer.pointer), context: context)
            ),
        ]
        let workspaceDesc = forwardPrimitive.descriptorOf(dnnl_query_workspace_md)
        var workspaceMemory: DNNLMemory?
        if workspaceDesc.bytes > 0 {
            let buffer = try FloatBuffer(count: (workspaceDesc.bytes + 3) / 4)
            workspaceMemory = try DNNLMemory(
                workspaceDesc.desc, pointer: UnsafeMutableRawPointer(buffer.pointer), context: context)
            arguments.append((DNNL_ARG_WORKSPACE, workspaceMemory!))
            workspace = buffer
        } else {
            workspace = nil
        }
        forwardPrimitive.bind(arguments)
        let batch = input.dims[0]
        let workspaceSlices =
            workspace.map { [SliceArgument(argument: DNNL_ARG_WORKSPACE, buffer: $0, role: .perSlice)] } ?? []
        forwardPrimitive.cutIntoSlices(
            entries: batch, memory: memory, alone: false,
            [
                SliceArgument(argument: DNNL_ARG_SRC, buffer: input.buffer, role: .perSlice),
                SliceArgument(argument: DNNL_ARG_DST, buffer: output.buffer, role: .perSlice),
            ] + workspaceSlices
        ) { layout in
            var desc = try forwardDescriptor(layout(DNNL_ARG_SRC), layout(DNNL_ARG_DST))
            return try DNNLPrimitive.pick(&desc, context: context)
        }
        guard let inputGrad = input.grad, let outputGrad = output.grad else {
            backwardPrimitive = nil
            pairGradient = nil
            return
        }
        if let pairBlock {
            pairGradient = PairPoolingGradient(input: input, outputGradient: outputGrad, block: pairBlock)
            backwardPrimitive = nil
            return
        }
        pairGradient = nil
        backwardPrimitive = try Self.backward(
            algorithm, src: src, dst: dst, window: window, inputGrad: inputGrad, outputGrad: outputGrad,
            workspace: workspaceMemory.map { ($0, workspaceSlices) }, forward: forwardPrimitive, batch: batch,
            context: context, memory: memory, forwardDescriptor: forwardDescriptor)
    }

    /// oneDNN's backward pass of `algorithm` from `outputGrad` (in `dst`'s layout) to `inputGrad` (in `src`'s) over
    /// `window`, with the forward pass's workspace (max pooling's), cut into slices by image.
    private static func backward(
        _ algorithm: dnnl_alg_kind_t, src: dnnl_memory_desc_t, dst: dnnl_memory_desc_t, window: WindowGeometry,
        inputGrad: FloatBuffer,
        outputGrad: FloatBuffer, workspace: (memory: DNNLMemory, slices: [SliceArgument])?, forward: DNNLPrimitive,
        batch: Int, context: DNNLContext, memory: PlanMemory,
        forwardDescriptor: @escaping (dnnl_memory_desc_t, dnnl_memory_desc_t) throws -> dnnl_pooling_v2_desc_t
    ) throws -> DNNLPrimitive {
        var src = src, dst = dst
        var backwardDesc = dnnl_pooling_v2_desc_t()
        try dnnlCheck(
            dnnl_pooling_v2_backward_desc_init(
                &backwardDesc, algorithm, &src, &dst, window.strides, window.kernel, window.dilation,
                window.paddingLeft, window.paddingRight), "pooling_backward_desc_init")
        let primitive = try DNNLPrimitive(&backwardDesc, hint: forward, context: context, memory: memory)
        var backwardArguments: [(Int32, DNNLMemory)] = [
            (
                DNNL_ARG_DIFF_DST,
                try DNNLMemory(dst, pointer: UnsafeMutableRawPointer(outputGrad.pointer), context: context)
            ),
            (
                DNNL_ARG_DIFF_SRC,
                try DNNLMemory(src, pointer: UnsafeMutableRawPointer(inputGrad.pointer), context: context)
            ),
        ]
        if let workspace { backwardArguments.append((DNNL_ARG_WORKSPACE, workspace.memory)) }
        primitive.bind(backwardArguments)
        primitive.cutIntoSlices(
            entries: batch, memory: memory, alone: false,
            [
                SliceArgument(argument: DNNL_ARG_DIFF_DST, buffer: outputGrad, role: .perSlice),
                SliceArgument(argument: DNNL_ARG_DIFF_SRC, buffer: inputGrad, role: .perSlice),
            ] + (workspace?.slices ?? [])
        ) { layout in
            var hintDesc = try forwardDescriptor(layout(DNNL_ARG_DIFF_SRC), layout(DNNL_ARG_DIFF_DST))
            let hint = try DNNLPrimitive.pick(&hintDesc, context: context)
            defer { dnnl_primitive_desc_destroy(hint) }
            var desc = dnnl_pooling_v2_desc_t(), diffSrc = layout(DNNL_ARG_DIFF_SRC),
                diffDst = layout(DNNL_ARG_DIFF_DST)
            try dnnlCheck(
                dnnl_pooling_v2_backward_desc_init(
                    &desc, algorithm, &diffSrc, &diffDst, window.strides, window.kernel, window.dilation,
                    window.paddingLeft, window.paddingRight), "pooling_backward_desc_init")
            return try DNNLPrimitive.pick(&desc, hintDescriptor: hint, context: context)
        }
        return primitive
    }

    func forward(training: Bool) { forwardPrimitive.run() }

    func backward() {
        pairGradient?.run()
        backwardPrimitive?.run()
    }

    func forwardSteps() -> [PlanStep] { [forwardPrimitive.step] }

    func backwardSteps() -> [PlanStep] {
        if let pairGradient {
            return [
                pairGradient.sliceCount > 1
                    ? .sliced(pairGradient, alone: { pairGradient.run() })
                    : .whole(run: { _ in pairGradient.run() }, uses: pairGradient.memoryUses)
            ]
        }
        return backwardPrimitive.map { [$0.step] } ?? []
    }
}

/// Sliding-window settings in oneDNN's terms (dilation minus one; right padding that yields PyTorch's output size).
struct WindowGeometry {
    let strides: [Int64]
    let kernel: [Int64]
    let dilation: [Int64]
    let paddingLeft: [Int64]
    let paddingRight: [Int64]

    init(kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), input: [Int], output: [Int])
    {
        strides = [Int64(stride.0), Int64(stride.1)]
        self.kernel = [Int64(kernel.0), Int64(kernel.1)]
        self.dilation = [Int64(dilation.0 - 1), Int64(dilation.1 - 1)]
        paddingLeft = [Int64(padding.0), Int64(padding.1)]
        let extents = [(kernel.0 - 1) * dilation.0 + 1, (kernel.1 - 1) * dilation.1 + 1]
        let strideList = [stride.0, stride.1], paddingList = [padding.0, padding.1]
        paddingRight = (0..<2).map { axis in
            let needed = (output[axis + 2] - 1) * strideList[axis] + extents[axis] - input[axis + 2] - paddingList[axis]
            return Int64(max(0, needed))
        }
    }
}
