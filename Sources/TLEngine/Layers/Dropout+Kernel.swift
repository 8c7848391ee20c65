import TLGraph

/// A layer that passes its input through unchanged in evaluation: evaluation plans leave it out.
protocol IdentityInEvaluation {}

extension DropoutOp: IdentityInEvaluation {}

extension StochasticDepthOp: IdentityInEvaluation {}

extension DropoutOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let kernel = try DropoutKernel(
            p: p, input: input, seed: compiler.seed, stream: "dropout:" + layer.name, memory: compiler.memory)
        compiler.dropouts.append(kernel)
        return kernel
    }
}

extension StochasticDepthOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let kernel = try DropoutKernel(
            p: p, perImage: true, input: input, seed: compiler.seed, stream: "stochastic_depth:" + layer.name,
            memory: compiler.memory)
        compiler.dropouts.append(kernel)
        return kernel
    }
}
