import TLGraph

/// A layer that passes its input through unchanged in evaluation, and in training too when it drops nothing: plans
/// leave it out there.
protocol IdentityInEvaluation {
    /// True when it drops nothing in training either (probability 0, as ViT's dropouts by default).
    var dropsNothing: Bool { get }
}

extension DropoutOp: IdentityInEvaluation {
    var dropsNothing: Bool { p == 0 }
}

extension StochasticDepthOp: IdentityInEvaluation {
    var dropsNothing: Bool { p == 0 }
}

extension DropoutOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let kernel = try DropoutKernel(
            p: p, input: input, inPlace: compiler.inputFreeInBackward, seed: compiler.seed,
            stream: "dropout:" + layer.name, memory: compiler.memory)
        compiler.dropouts.append(kernel)
        return kernel
    }
}

extension StochasticDepthOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        let kernel = try DropoutKernel(
            p: p, perImage: true, input: input, inPlace: compiler.inputFreeInBackward, seed: compiler.seed,
            stream: "stochastic_depth:" + layer.name, memory: compiler.memory)
        compiler.dropouts.append(kernel)
        return kernel
    }
}
