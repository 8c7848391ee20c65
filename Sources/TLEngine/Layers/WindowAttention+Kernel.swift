import TLGraph

extension WindowAttentionOp: KernelLayer {
    /// The map channels-last; its positions gathered window by window (padded, rolled: `WindowPartition`); the bias
    /// table (Swin V2's from its MLP: `ContinuousPositionBiasKernel`) spread over the windows' pairs of tokens with the
    /// mask (`RelativePositionBiasKernel`); `MultiHeadAttention` within each window with Swin's `qkv` and `proj` (V2's
    /// keys without their bias: `KeylessBiasKernel`); the windows' rows gathered back into the map's positions. The
    /// result is channels-last.
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let memory = compiler.memory, trains = compiler.trains(layer)
        let (map, adapter) = try ChannelsLast.conform(input, context: compiler.context, memory: memory)
        let images = map.dims[0], c = map.dims[1], positions = map.dims[2] * map.dims[3]
        let partition = WindowPartition(height: map.dims[2], width: map.dims[3], window: window, shift: shift)
        let windowTokens = partition.windowCount * partition.tokens
        let windows = try ChunkGatherKernel(
            input: map, images: images, width: c, inputChunks: positions, sources: partition.sourcePositions,
            outputDims: [images * windowTokens, c], layout: plainDescriptor, memory: memory)
        let (tableKernels, table) = try biasTable(layer, trains: trains, compiler: &compiler)
        let bias = try RelativePositionBiasKernel(table: table, partition: partition, heads: heads)
        let stackedBias = try compiler.parameter(layer, "qkv.bias")
        let keyless = try cosine ? KeylessBiasKernel(bias: stackedBias, trains: trains) : nil
        let tensors = MultiHeadAttention.Tensors(
            inWeight: try compiler.parameter(layer, "qkv.weight"), inBias: keyless?.standIn ?? stackedBias,
            outWeight: try compiler.parameter(layer, "proj.weight"),
            outBias: try compiler.parameter(layer, "proj.bias"),
            logitScale: cosine ? try compiler.parameter(layer, "logit_scale") : nil, trains: trains)
        let attention = try MultiHeadAttention(
            rows: windows.output, sequences: images * partition.windowCount, tokens: partition.tokens, heads: heads,
            tensors: tensors, scoreBias: (tableKernels + [bias], bias.output), transientOutput: true,
            context: compiler.context, memory: memory)
        let back = try ChunkGatherKernel(
            input: attention.output, images: images, width: c, inputChunks: windowTokens,
            sources: partition.returnPositions, outputDims: map.dims, layout: ChannelsLast.layout, memory: memory)
        let kernels: [Kernel] = (adapter.map { [$0] } ?? []) + (keyless.map { [$0] } ?? []) + [windows]
        return SequenceKernel(kernels + attention.kernels + [back], output: back.output)
    }

    /// The relative position bias table (offsets × heads) and the kernels that compute it: none for Swin's learned
    /// table, V2's MLP of the relative coordinates.
    private func biasTable(_ layer: Layer, trains: Bool, compiler: inout PlanCompiler) throws -> ([Kernel], Value) {
        guard cosine else {
            let table = try compiler.parameter(layer, "relative_position_bias_table")
            return (
                [],
                Value(
                    dims: table.shape, layout: try plainDescriptor(table.shape), buffer: table.value,
                    grad: trains ? table.grad : nil)
            )
        }
        let mlp = try ContinuousPositionBiasKernel(
            coordinates: try compiler.parameter(layer, "relative_coords_table"),
            hiddenWeight: try compiler.parameter(layer, "cpb_mlp.0.weight"),
            hiddenBias: try compiler.parameter(layer, "cpb_mlp.0.bias"),
            headWeight: try compiler.parameter(layer, "cpb_mlp.2.weight"), trains: trains)
        return ([mlp], mlp.output)
    }
}
