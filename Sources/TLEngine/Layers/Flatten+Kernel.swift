import TLGraph

extension FlattenOp: KernelLayer {
    /// Flatten is a view of the plain N×features input the compiler already made.
    package var needsPlainInput: Bool { true }

    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    { nil }
}
