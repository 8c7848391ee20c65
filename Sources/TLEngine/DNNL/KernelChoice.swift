import CDNNL

/// The implementation oneDNN runs for one primitive of a plan: which layer it serves, the operation and direction,
/// and oneDNN's name for the implementation (`jit:avx2`, `gemm:jit`, `ref:any`, ...).
public struct KernelChoice: Sendable, Equatable {
    /// The layer the primitive belongs to (a reorder between layers belongs to the layer that reads its result).
    public let layer: String
    /// oneDNN's operation: `convolution`, `reorder`, `pooling_v2`, `batch_normalization`, ...
    public let operation: String
    /// `forward_training`, `forward_inference`, `backward_data`, `backward_weights`, `backward` (`-` for reorders).
    public let direction: String
    /// oneDNN's implementation name.
    public let implementation: String
    /// The tensor shapes in oneDNN's words (`mb64_ic1oc32_ih28oh28kh3...`), for messages.
    public private(set) var shape: String

    /// This choice as the kernel of the slices of a primitive cut into `slices` (see `SlicedPrimitive`).
    func cut(into slices: Int) -> KernelChoice {
        var cut = self
        cut.shape += ", cut into \(slices) slices"
        return cut
    }

    /// True for oneDNN's reference (unoptimised, loop-by-loop) implementations.
    public var isReference: Bool { KernelChoice.isReference(implementation) }

    /// True when oneDNN's implementation name `implementation` is a reference one.
    static func isReference(_ implementation: String) -> Bool { implementation.hasPrefix("ref") }

    /// The choice oneDNN made in primitive descriptor `descriptor`, for `layer`.
    init(layer: String, descriptor: dnnl_primitive_desc_t, shape: String) {
        self.layer = layer
        self.shape = shape
        implementation = Self.implementationName(descriptor)
        var kind = dnnl_undefined_primitive
        dnnl_primitive_desc_query(descriptor, dnnl_query_primitive_kind, 0, &kind)
        operation = String(cString: dnnl_prim_kind2str(kind))
        var propagation = dnnl_prop_kind_undef
        dnnl_primitive_desc_query(descriptor, dnnl_query_prop_kind, 0, &propagation)
        direction = propagation == dnnl_prop_kind_undef ? "-" : String(cString: dnnl_prop_kind2str(propagation))
    }

    /// oneDNN's implementation name of primitive descriptor `descriptor`.
    static func implementationName(_ descriptor: dnnl_primitive_desc_t) -> String {
        var name: UnsafePointer<CChar>?
        guard dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, &name) == dnnl_success, let name else {
            return "unknown"
        }
        return String(cString: name)
    }
}

/// The CPU instruction set oneDNN runs on in this process (after any `ONEDNN_MAX_CPU_ISA` cap).
public enum InstructionSet {
    /// oneDNN's name of the instruction set its kernels use, such as `avx2` or `avx512_core`.
    public static var current: String {
        switch dnnl_get_effective_cpu_isa() {
        case dnnl_cpu_isa_sse41: return "sse41"
        case dnnl_cpu_isa_avx: return "avx"
        case dnnl_cpu_isa_avx2: return "avx2"
        case dnnl_cpu_isa_avx512_mic: return "avx512_mic"
        case dnnl_cpu_isa_avx512_mic_4ops: return "avx512_mic_4ops"
        case dnnl_cpu_isa_avx512_core: return "avx512_core"
        case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni"
        case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16"
        case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx"
        case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni"
        default: return "generic (no vector extensions oneDNN uses)"
        }
    }
}
