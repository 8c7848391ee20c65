import TLGraph

extension ChannelShuffleOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let channels = input.dims[1], perGroup = channels / groups
        return try ChannelGatherKernel(
            input: input, sources: (0..<channels).map { ($0 % groups) * perGroup + $0 / groups },
            context: compiler.context, memory: compiler.memory)
    }
}

extension ChannelChunkOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let channels = input.dims[1], start = offset(channels: channels)
        return try ChannelGatherKernel(
            input: input, sources: Array(start..<start + channels / chunks), context: compiler.context,
            memory: compiler.memory)
    }
}
