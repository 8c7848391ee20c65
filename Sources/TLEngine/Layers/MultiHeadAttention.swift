import TLGraph

/// The kernels of multi-head self-attention over rows of C channels, shared by ViT's self-attention and Swin's window
/// attention: the stacked query, key and value projection (one inner product to 3C per token), the projections
/// reordered head by head, attention (`AttentionKernel`, with an additive bias when given), the heads' results
/// reordered back into rows of C, the output projection.
struct MultiHeadAttention {
    /// The kernels in order, and the output projection's rows.
    let kernels: [Kernel]
    let output: Value

    /// Attention within each of `sequences` sequences of `tokens` rows of `rows` (sequences · tokens × C), with `heads`
    /// heads and `layer`'s tensors named by `names` (stacked weight, stacked bias, output weight, output bias); `bias`
    /// (its kernel runs just before the attention) offsets the scores.
    init(
        rows: Value, sequences: Int, tokens: Int, heads: Int, layer: Layer, names: [String],
        bias: RelativePositionBiasKernel? = nil, compiler: inout PlanCompiler
    ) throws {
        let context = compiler.context, memory = compiler.memory
        let c = rows.dims[1], width = c / heads
        let trains = compiler.trains(layer)
        let inProjection = try LinearKernel(
            LinearOp(outFeatures: 3 * c, inFeatures: c), input: rows,
            weight: try compiler.parameter(layer, names[0]), bias: try compiler.parameter(layer, names[1]),
            trainsWeights: trains, transient: .attentionProjections, context: context, memory: memory)
        let stacked = [sequences, tokens, 3, heads, width]
        let projected = Value(
            dims: stacked, layout: try plainDescriptor(stacked), buffer: inProjection.output.buffer,
            grad: inProjection.output.grad)
        let split = try ReorderKernel(
            input: projected,
            to: try stridedDescriptor(
                stacked,
                strides: [heads * tokens * width, width, sequences * heads * tokens * width, tokens * width, 1]),
            context: context, memory: memory)
        let attention = try AttentionKernel(
            input: split.output, heads: heads, bias: bias?.output, context: context, memory: memory)
        let merge = try ReorderKernel(
            input: attention.output,
            to: try stridedDescriptor([sequences, heads, tokens, width], strides: [tokens * c, width, c, 1]),
            context: context, memory: memory)
        let merged = Value(
            dims: [sequences * tokens, c], layout: try plainDescriptor([sequences * tokens, c]),
            buffer: merge.output.buffer, grad: merge.output.grad)
        let outProjection = try LinearKernel(
            LinearOp(outFeatures: c, inFeatures: c), input: merged,
            weight: try compiler.parameter(layer, names[2]), bias: try compiler.parameter(layer, names[3]),
            trainsWeights: trains, context: context, memory: memory)
        kernels = [inProjection, split] + (bias.map { [$0] } ?? []) + [attention, merge, outProjection]
        output = outProjection.output
    }
}
