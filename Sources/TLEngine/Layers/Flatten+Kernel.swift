import TLGraph

extension FlattenOp: KernelLayer {
    /// Flatten is a view of the plain N×features input the compiler already made.
    var needsPlainInput: Bool { true }

    func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws -> Kernel? { nil }
}
