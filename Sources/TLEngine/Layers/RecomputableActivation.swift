import TLGraph

/// An activation whose backward reads its input, never its result: a training plan may keep the result in shared
/// scratch and compute it again in backward (see `RecomputedActivationKernel`).
package protocol RecomputableActivation: KernelLayer {
    /// The activation's kernel on `input`, its result in shared scratch where `transient` and the kernel allows it, and
    /// whether it is there.
    func activationKernel(input: Value, transient: Bool, compiler: PlanCompiler) throws -> (Kernel, transient: Bool)
}

extension EltwiseLayer {
    package func activationKernel(input: Value, transient: Bool, compiler: PlanCompiler) throws -> (
        Kernel, transient: Bool
    ) {
        let kernel = try EltwiseKernel(
            eltwise, input: input, inPlace: false, transient: transient, context: compiler.context,
            memory: compiler.memory)
        return (kernel, kernel.transient)
    }
}

extension HardswishOp: RecomputableActivation {
    package func activationKernel(input: Value, transient: Bool, compiler: PlanCompiler) throws -> (
        Kernel, transient: Bool
    ) {
        (try HardActivationKernel(.hardswish, input: input, transient: transient, memory: compiler.memory), transient)
    }
}

extension HardsigmoidOp: RecomputableActivation {
    package func activationKernel(input: Value, transient: Bool, compiler: PlanCompiler) throws -> (
        Kernel, transient: Bool
    ) {
        (try HardActivationKernel(.hardsigmoid, input: input, transient: transient, memory: compiler.memory), transient)
    }
}
