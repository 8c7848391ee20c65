import TLGraph

extension LinearOp: KernelLayer {
    package var needsPlainInput: Bool { true }

    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try LinearKernel(
            self, input: input, weight: try compiler.parameter(layer, "weight"),
            bias: bias ? try compiler.parameter(layer, "bias") : nil, trainsWeights: compiler.trains(layer),
            context: compiler.context, memory: compiler.memory)
    }
}
