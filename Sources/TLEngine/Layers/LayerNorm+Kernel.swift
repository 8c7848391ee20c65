import TLGraph

extension LayerNormOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try LayerNormKernel(
            self, input: input, weight: try compiler.parameter(layer, "weight"),
            bias: try compiler.parameter(layer, "bias"), trainsWeights: compiler.trains(layer),
            context: compiler.context, memory: compiler.memory)
    }
}
