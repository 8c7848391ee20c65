import TLGraph

extension PatchMergingOp: KernelLayer {
    /// The map channels-last; each merged position's four quarters gathered from its 2×2 patch (zeros past an odd
    /// edge). The result is channels-last.
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let (map, adapter) = try ChannelsLast.conform(input, context: compiler.context, memory: compiler.memory)
        let height = map.dims[2], width = map.dims[3], merged = [(height + 1) / 2, (width + 1) / 2]
        var sources: [Int] = []
        for y in 0..<merged[0] {
            for x in 0..<merged[1] {
                for (dy, dx) in Self.quarters {
                    let (row, column) = (2 * y + dy, 2 * x + dx)
                    sources.append(row < height && column < width ? row * width + column : -1)
                }
            }
        }
        let gather = try ChunkGatherKernel(
            input: map, images: map.dims[0], width: map.dims[1], inputChunks: height * width, sources: sources,
            outputDims: [map.dims[0], 4 * map.dims[1]] + merged, layout: ChannelsLast.layout,
            memory: compiler.memory)
        return SequenceKernel((adapter.map { [$0] } ?? []) + [gather], output: gather.output)
    }
}
