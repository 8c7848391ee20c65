import TLGraph

extension PointwiseLinearOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try PointwiseLinearKernel(
            self, input: input, weight: try compiler.parameter(layer, "weight"),
            bias: bias ? try compiler.parameter(layer, "bias") : nil, trainsWeights: compiler.trains(layer),
            context: compiler.context, memory: compiler.memory)
    }
}
