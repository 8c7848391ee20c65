import TLGraph

extension SelfAttentionOp: KernelLayer {
    /// The tokens channels-last as rows; the stacked projections (one inner product to 3C per token); the queries, keys
    /// and values reordered head by head; attention (`AttentionKernel`); the heads' results reordered back into rows of
    /// C; the output projection. The result is channels-last.
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let context = compiler.context, memory = compiler.memory
        let (tokens, adapter) = try ChannelsLast.conform(input, context: context, memory: memory)
        let images = tokens.dims[0], c = tokens.dims[1], count = tokens.dims[3], width = c / heads
        let trains = compiler.trains(layer)
        let inProjection = try LinearKernel(
            LinearOp(outFeatures: 3 * c, inFeatures: c), input: try ChannelsLast.rows(tokens),
            weight: try compiler.parameter(layer, "in_proj_weight"),
            bias: try compiler.parameter(layer, "in_proj_bias"),
            trainsWeights: trains, transient: .attentionProjections, context: context, memory: memory)
        let stacked = [images, count, 3, heads, width]
        let projected = Value(
            dims: stacked, layout: try plainDescriptor(stacked), buffer: inProjection.output.buffer,
            grad: inProjection.output.grad)
        let split = try ReorderKernel(
            input: projected,
            to: try stridedDescriptor(
                stacked, strides: [heads * count * width, width, images * heads * count * width, count * width, 1]),
            context: context, memory: memory)
        let attention = try AttentionKernel(input: split.output, heads: heads, context: context, memory: memory)
        let merge = try ReorderKernel(
            input: attention.output,
            to: try stridedDescriptor([images, heads, count, width], strides: [count * c, width, c, 1]),
            context: context, memory: memory)
        let merged = Value(
            dims: [images * count, c], layout: try plainDescriptor([images * count, c]), buffer: merge.output.buffer,
            grad: merge.output.grad)
        let outProjection = try LinearKernel(
            LinearOp(outFeatures: c, inFeatures: c), input: merged,
            weight: try compiler.parameter(layer, "out_proj.weight"),
            bias: try compiler.parameter(layer, "out_proj.bias"),
            trainsWeights: trains, context: context, memory: memory)
        return SequenceKernel(
            (adapter.map { [$0] } ?? []) + [inProjection, split, attention, merge, outProjection],
            output: try ChannelsLast.image(outProjection.output, dims: tokens.dims))
    }
}
