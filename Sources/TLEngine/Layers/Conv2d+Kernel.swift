import TLGraph

extension Conv2dOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try ConvolutionKernel(
            self, input: input, weight: try compiler.parameter(layer, "weight"),
            bias: bias ? try compiler.parameter(layer, "bias") : nil, outputDims: try compiler.dims(layer),
            trainsWeights: compiler.trains(layer), context: compiler.context, memory: compiler.memory,
            weightsScratch: compiler.weightsScratch)
    }
}
