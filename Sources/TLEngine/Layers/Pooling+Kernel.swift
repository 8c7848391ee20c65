import TLGraph

extension MaxPool2dOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try PoolingKernel(
            window, input: input, outputDims: try compiler.dims(layer), context: compiler.context,
            memory: compiler.memory)
    }
}

/// Average pooling runs on oneDNN in the input's layout where oneDNN divides as PyTorch does, else written out.
extension AvgPool2dOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let outputDims = try compiler.dims(layer)
        if let algorithm = PoolingKernel.averaging(window, input: input.dims, outputDims: outputDims) {
            return try PoolingKernel(
                window, algorithm: algorithm, input: input, outputDims: outputDims, context: compiler.context,
                memory: compiler.memory)
        }
        return try AveragePoolKernel(
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
