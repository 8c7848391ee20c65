import TLGraph

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
