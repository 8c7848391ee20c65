import TLGraph

extension LayerScaleOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try LayerScaleKernel(
            input: input, scale: try compiler.parameter(layer, nil), trainsScale: compiler.trains(layer),
            context: compiler.context, memory: compiler.memory)
    }
}
