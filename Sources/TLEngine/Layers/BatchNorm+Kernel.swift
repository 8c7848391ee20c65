import TLGraph

extension BatchNormOp: KernelLayer {
    package var needsPlainInput: Bool { !spatial }

    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let weight = affine ? try compiler.parameter(layer, "weight") : nil
        let bias = affine ? try compiler.parameter(layer, "bias") : nil
        let running = (
            try compiler.parameter(layer, "running_mean"), try compiler.parameter(layer, "running_var"),
            try compiler.parameter(layer, "num_batches_tracked")
        )
        return try BatchNormKernel(
            self, mode: BatchNormMode.of(layer, in: compiler.batchNormModes) ?? .train, input: input,
            weight: weight, bias: bias, running: running, trainsWeights: compiler.trains(layer) && affine,
            inPlace: overwritable, shared: compiler.sharedBatchStatistics, context: compiler.context,
            memory: compiler.memory)
    }
}
