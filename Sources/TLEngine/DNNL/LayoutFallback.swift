import CDNNL

/// Layouts to try for a backward primitive when oneDNN offers only a reference implementation in the layouts the
/// forward primitive chose (seen on AVX2 for 1-channel inputs and 2x2 feature maps, on SSE4.1 and AVX for every
/// blocked convolution's data gradient): the forward layouts, then any layout oneDNN likes, then plain ones.
enum LayoutFallback {
    /// The primitive descriptor `describe` makes for the first of those layout pairs (input side, output side) that
    /// oneDNN runs without a reference implementation, or for the forward layouts when none does.
    static func pick(
        forward: (dnnl_memory_desc_t, dnnl_memory_desc_t), dims: ([Int], [Int]),
        describe: (dnnl_memory_desc_t, dnnl_memory_desc_t) throws -> dnnl_primitive_desc_t
    ) throws -> dnnl_primitive_desc_t {
        var picked = try describe(forward.0, forward.1)
        let alternatives = [
            (try anyDescriptor(dims.0), try anyDescriptor(dims.1)),
            (try plainDescriptor(dims.0), try plainDescriptor(dims.1)),
        ]
        for (input, output) in alternatives where KernelChoice.isReference(KernelChoice.implementationName(picked)) {
            let other = try describe(input, output)
            if KernelChoice.isReference(KernelChoice.implementationName(other)) {
                dnnl_primitive_desc_destroy(other)
            } else {
                dnnl_primitive_desc_destroy(picked)
                picked = other
            }
        }
        return picked
    }
}

/// A tensor as a primitive wants it: the plan's own buffer when the layouts agree, else a copy in the wanted layout
/// and the reorder that fills it (`into`) or empties it back into the plan's buffer (`outOf`). The copy lives only
/// while the primitive's step runs, so it is the plan's shared scratch buffer for its role (a buffer of its own where
/// every gradient has one, see `PlanMemory.separateGradients`).
struct LayoutCopy {
    /// The buffer in the wanted layout (kept alive here: oneDNN's memory objects do not keep theirs).
    let buffer: FloatBuffer
    /// The reorder between the plan's buffer and the copy, nil when no copy is needed.
    let reorder: Reorder?

    /// `buffer` (in `layout`) for a primitive that reads it in `wanted`; the copy is `role`'s shared buffer.
    init(
        into wanted: dnnl_memory_desc_t, from layout: dnnl_memory_desc_t, _ buffer: FloatBuffer, role: ScratchRole,
        context: DNNLContext, memory: PlanMemory
    ) throws {
        try self.init(wanted, layout, buffer, fillsCopy: true, role: role, context: context, memory: memory)
    }

    /// `buffer` (in `layout`) for a primitive that writes it in `wanted`; the copy is `role`'s shared buffer.
    init(
        outOf wanted: dnnl_memory_desc_t, into layout: dnnl_memory_desc_t, _ buffer: FloatBuffer, role: ScratchRole,
        context: DNNLContext, memory: PlanMemory
    ) throws {
        try self.init(wanted, layout, buffer, fillsCopy: false, role: role, context: context, memory: memory)
    }

    /// The copy in `wanted` of `buffer` (in `layout`), and the reorder that fills it or empties it back.
    private init(
        _ wanted: dnnl_memory_desc_t, _ layout: dnnl_memory_desc_t, _ buffer: FloatBuffer, fillsCopy: Bool,
        role: ScratchRole, context: DNNLContext, memory: PlanMemory
    ) throws {
        guard !sameLayout(wanted, layout) else {
            (self.buffer, reorder) = (buffer, nil)
            return
        }
        let floats = Self.floats(wanted)
        let copy =
            memory.separateGradients
            ? try memory.activation(count: floats) : try memory.sharedScratch(role, count: floats)
        self.buffer = copy
        reorder =
            fillsCopy
            ? try Reorder(from: layout, buffer, to: wanted, copy, context: context, memory: memory)
            : try Reorder(from: wanted, copy, to: layout, buffer, context: context, memory: memory)
    }

    /// Floats a tensor in `layout` takes.
    private static func floats(_ layout: dnnl_memory_desc_t) -> Int {
        var layout = layout
        return (dnnl_memory_desc_get_size(&layout) + 3) / 4
    }
}
