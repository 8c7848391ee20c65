import TLGraph

extension MaxPool2dOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try MaxPoolKernel(
            window, input: input, outputDims: try compiler.dims(layer), context: compiler.context,
            memory: compiler.memory)
    }
}

extension AvgPool2dOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try AveragePoolKernel(
            window, input: input, outputDims: try compiler.dims(layer), context: compiler.context,
            memory: compiler.memory)
    }
}

extension AdaptiveAvgPool2dOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try AveragePoolKernel(
            adaptive: input, outputDims: try compiler.dims(layer), context: compiler.context,
            memory: compiler.memory)
    }
}

extension GlobalAvgPoolOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try AveragePoolKernel(
            adaptive: input, outputDims: try compiler.dims(layer), context: compiler.context,
            memory: compiler.memory)
    }
}
