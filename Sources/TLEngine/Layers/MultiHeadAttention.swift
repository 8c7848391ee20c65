import TLGraph

/// The kernels of multi-head self-attention over rows of C channels, shared by ViT's self-attention and Swin's window
/// attention: the stacked query, key and value projection (one inner product to 3C per token), the projections
/// reordered head by head, Swin V2's cosine scaling when it has a logit scale, attention (`AttentionKernel`, with an
/// additive bias when given), the heads' results reordered back into rows of C, the output projection.
struct MultiHeadAttention {
    /// The kernels in order, and the output projection's rows.
    let kernels: [Kernel]
    let output: Value

    /// The tensors of one attention layer: the stacked projection's weight (3C×C) and bias, the output projection's,
    /// Swin V2's logit scale, and whether they train.
    struct Tensors {
        var inWeight: Parameter, inBias: Parameter, outWeight: Parameter, outBias: Parameter
        var logitScale: Parameter?
        var trains: Bool
    }

    /// Attention within each of `sequences` sequences of `tokens` rows of `rows` (sequences · tokens × C), with `heads`
    /// heads and `tensors`; `scoreBias` (its kernels run just before the attention) offsets the scores. With
    /// `transientOutput` only the next kernel's forward pass reads the output (see `PlanMemory.transientValue`).
    init(
        rows: Value, sequences: Int, tokens: Int, heads: Int, tensors: Tensors,
        scoreBias: (kernels: [Kernel], value: Value)? = nil, transientOutput: Bool = false, context: DNNLContext,
        memory: PlanMemory
    ) throws {
        let c = rows.dims[1], width = c / heads
        let inProjection = try LinearKernel(
            LinearOp(outFeatures: 3 * c, inFeatures: c), input: rows, weight: tensors.inWeight, bias: tensors.inBias,
            trainsWeights: tensors.trains, transient: .attentionProjections, context: context, memory: memory)
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
        let cosine = try tensors.logitScale.map {
            try CosineScoresKernel(
                input: split.output, heads: heads, logitScale: $0, trainsScale: tensors.trains, memory: memory)
        }
        let attention = try AttentionKernel(
            input: cosine?.output ?? split.output, heads: heads, scale: cosine == nil ? nil : 1,
            bias: scoreBias?.value, context: context, memory: memory)
        let merge = try ReorderKernel(
            input: attention.output,
            to: try stridedDescriptor([sequences, heads, tokens, width], strides: [tokens * c, width, c, 1]),
            context: context, memory: memory)
        let merged = Value(
            dims: [sequences * tokens, c], layout: try plainDescriptor([sequences * tokens, c]),
            buffer: merge.output.buffer, grad: merge.output.grad)
        let outProjection = try LinearKernel(
            LinearOp(outFeatures: c, inFeatures: c), input: merged, weight: tensors.outWeight,
            bias: tensors.outBias, trainsWeights: tensors.trains, transient: transientOutput ? .attentionOutput : nil,
            context: context, memory: memory)
        kernels =
            [inProjection, split] + (cosine.map { [$0] } ?? []) + (scoreBias?.kernels ?? [])
            + [attention, merge, outProjection]
        output = outProjection.output
    }
}
