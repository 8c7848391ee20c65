import TLGraph

/// The engine's view of a layer type (one file per type in this folder): the kernel a layer compiles into.
/// `PlanCompiler` asks it instead of switching over operations; `LayerCatalog` (module TLLayerCatalog) registers
/// a layer type only with this view, so a type pipelines can use without one does not build.
package protocol KernelLayer {
    /// True when the layer reads its input as a plain N×features matrix (a blocked or 4-D input is reordered first).
    var needsPlainInput: Bool { get }
    /// The kernel computing `layer` from `input`; nil when the layer is a view of its input (flatten).
    /// `overwritable` is true when the input may be overwritten in place.
    func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws -> Kernel?
}

extension KernelLayer {
    /// Most layers take any layout.
    package var needsPlainInput: Bool { false }
}
