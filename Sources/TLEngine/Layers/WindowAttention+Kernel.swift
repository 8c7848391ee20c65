import TLGraph

extension WindowAttentionOp: KernelLayer {
    /// The map channels-last; its positions gathered window by window (padded, rolled: `WindowPartition`); the
    /// relative position bias and mask (`RelativePositionBiasKernel`); `MultiHeadAttention` within each window with
    /// Swin's `qkv` and `proj`; the windows' rows gathered back into the map's positions. The result is channels-last.
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let memory = compiler.memory
        let (map, adapter) = try ChannelsLast.conform(input, context: compiler.context, memory: memory)
        let images = map.dims[0], c = map.dims[1], positions = map.dims[2] * map.dims[3]
        let partition = WindowPartition(height: map.dims[2], width: map.dims[3], window: window, shift: shift)
        let windowTokens = partition.windowCount * partition.tokens
        let windows = try ChunkGatherKernel(
            input: map, images: images, width: c, inputChunks: positions, sources: partition.sourcePositions,
            outputDims: [images * windowTokens, c], layout: plainDescriptor, memory: memory)
        let bias = try RelativePositionBiasKernel(
            table: try compiler.parameter(layer, "relative_position_bias_table"), geometry: partition, heads: heads,
            trainsTable: compiler.trains(layer))
        let attention = try MultiHeadAttention(
            rows: windows.output, sequences: images * partition.windowCount, tokens: partition.tokens, heads: heads,
            layer: layer, names: ["qkv.weight", "qkv.bias", "proj.weight", "proj.bias"], bias: bias,
            compiler: &compiler)
        let back = try ChunkGatherKernel(
            input: attention.output, images: images, width: c, inputChunks: windowTokens,
            sources: partition.returnPositions, outputDims: map.dims, layout: ChannelsLast.layout, memory: memory)
        return SequenceKernel((adapter.map { [$0] } ?? []) + [windows] + attention.kernels + [back], output: back.output)
    }
}
