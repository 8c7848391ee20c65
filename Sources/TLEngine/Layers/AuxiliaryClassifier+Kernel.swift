import TLGraph

extension AuxiliaryClassifierOp: KernelLayer {
    /// Never run: the value passes through.
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    { nil }
}
