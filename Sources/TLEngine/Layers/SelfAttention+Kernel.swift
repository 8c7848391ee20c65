import TLGraph

extension SelfAttentionOp: KernelLayer {
    /// The tokens channels-last as rows through `MultiHeadAttention` with torch.nn.MultiheadAttention's tensors; the
    /// result is channels-last.
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let (tokens, adapter) = try ChannelsLast.conform(input, context: compiler.context, memory: compiler.memory)
        let attention = try MultiHeadAttention(
            rows: try ChannelsLast.rows(tokens), sequences: tokens.dims[0], tokens: tokens.dims[3], heads: heads,
            layer: layer, names: ["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"],
            compiler: &compiler)
        return SequenceKernel(
            (adapter.map { [$0] } ?? []) + attention.kernels,
            output: try ChannelsLast.image(attention.output, dims: tokens.dims))
    }
}
