import TLGraph

extension ClassTokenOp: KernelLayer {
    /// The projection's kernels, its map channels-last, then the class token in front of the patch rows.
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let (kernels, patches) = try compiler.compile(projection, input: input)
        compiler.memory.layer = layer.name
        let (rows, adapter) = try ChannelsLast.conform(patches, context: compiler.context, memory: compiler.memory)
        let tokens = try ClassTokenKernel(
            patches: rows, token: try compiler.parameter(layer, nil), trainsToken: compiler.trains(layer),
            memory: compiler.memory)
        return SequenceKernel(kernels + (adapter.map { [$0] } ?? []) + [tokens], output: tokens.output)
    }
}

extension PositionEmbeddingOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let (tokens, adapter) = try ChannelsLast.conform(input, context: compiler.context, memory: compiler.memory)
        let kernel = try PositionEmbeddingKernel(
            input: tokens, embedding: try compiler.parameter(layer, nil), trainsEmbedding: compiler.trains(layer),
            inPlace: overwritable || adapter != nil, memory: compiler.memory)
        return SequenceKernel((adapter.map { [$0] } ?? []) + [kernel], output: kernel.output)
    }
}

extension TokenPoolOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let (tokens, adapter) = try ChannelsLast.conform(input, context: compiler.context, memory: compiler.memory)
        let kernel = try TokenPoolKernel(source, input: tokens, memory: compiler.memory)
        return SequenceKernel((adapter.map { [$0] } ?? []) + [kernel], output: kernel.output)
    }
}
