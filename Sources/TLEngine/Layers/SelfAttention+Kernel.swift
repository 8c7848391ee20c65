import TLGraph

extension SelfAttentionOp: KernelLayer {
    /// The tokens channels-last as rows through `MultiHeadAttention` with torch.nn.MultiheadAttention's tensors; the
    /// result is channels-last.
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let (tokens, adapter) = try ChannelsLast.conform(input, context: compiler.context, memory: compiler.memory)
        let tensors = MultiHeadAttention.Tensors(
            inWeight: try compiler.parameter(layer, "in_proj_weight"),
            inBias: try compiler.parameter(layer, "in_proj_bias"),
            outWeight: try compiler.parameter(layer, "out_proj.weight"),
            outBias: try compiler.parameter(layer, "out_proj.bias"), trains: compiler.trains(layer))
        let attention = try MultiHeadAttention(
            rows: try ChannelsLast.rows(tokens), sequences: tokens.dims[0], tokens: tokens.dims[3], heads: heads,
            tensors: tensors, context: compiler.context, memory: compiler.memory)
        return SequenceKernel(
            (adapter.map { [$0] } ?? []) + attention.kernels,
            output: try ChannelsLast.image(attention.output, dims: tokens.dims))
    }
}
