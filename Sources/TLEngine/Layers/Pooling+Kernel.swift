import CDNNL
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
            window, input: input, outputDims: outputDims, context: compiler.context, memory: compiler.memory)
    }
}

/// Adaptive average pooling runs on oneDNN in the input's layout where the output's size divides the input's (every
/// window then has the same size: a squeeze-and-excitation gate's pooling to 1x1, a classifier's), else written out.
extension AdaptiveAvgPool2dOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let outputDims = try compiler.dims(layer)
        if input.dims[2] % outputDims[2] == 0, input.dims[3] % outputDims[3] == 0 {
            let window = (input.dims[2] / outputDims[2], input.dims[3] / outputDims[3])
            return try PoolingKernel(
                PoolWindow(kernel: window, stride: window), algorithm: dnnl_pooling_avg_exclude_padding, input: input,
                outputDims: outputDims, context: compiler.context, memory: compiler.memory)
        }
        return try AveragePoolKernel(
            adaptive: input, outputDims: outputDims, context: compiler.context, memory: compiler.memory)
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
