import CDNNL

/// A oneDNN memory descriptor for a plain (row-major) float tensor.
func plainDescriptor(_ dims: [Int]) throws -> dnnl_memory_desc_t {
    var desc = dnnl_memory_desc_t()
    let tags: [Int: dnnl_format_tag_t] = [1: dnnl_a, 2: dnnl_ab, 3: dnnl_abc, 4: dnnl_abcd, 5: dnnl_abcde]
    guard let tag = tags[dims.count] else { throw EngineError("tensors of rank \(dims.count) are not supported") }
    let dimensions = dims.map(Int64.init)
    try dnnlCheck(dnnl_memory_desc_init_by_tag(&desc, Int32(dims.count), dimensions, dnnl_f32, tag), "memory_desc_init_by_tag")
    return desc
}

/// A oneDNN memory object over a buffer the plan owns (no copy).
final class DNNLMemory {
    let handle: dnnl_memory_t

    /// Wraps `pointer` with the descriptor `desc`.
    init(_ desc: dnnl_memory_desc_t, pointer: UnsafeMutableRawPointer, context: DNNLContext) throws {
        var desc = desc
        var memory: dnnl_memory_t?
        try dnnlCheck(dnnl_memory_create(&memory, &desc, context.engine, pointer), "memory_create")
        handle = memory!
    }

    /// Wraps a buffer holding a plain tensor of `dims`.
    convenience init(_ buffer: FloatBuffer, dims: [Int], context: DNNLContext) throws {
        try self.init(try plainDescriptor(dims), pointer: UnsafeMutableRawPointer(buffer.pointer), context: context)
    }

    deinit { dnnl_memory_destroy(handle) }
}

/// Shared scratch space for the oneDNN primitives of one plan (they run one at a time): primitives register
/// while the plan compiles, and `finish` allocates the space once and hands it to each of them.
final class Scratchpad {
    private var primitives: [DNNLPrimitive] = []
    private var bytes = 0
    private(set) var buffer = FloatBuffer(count: 0)

    /// Registers a primitive that needs `bytes` of scratch space.
    func register(_ primitive: DNNLPrimitive, bytes: Int) {
        primitives.append(primitive)
        self.bytes = max(self.bytes, bytes)
    }

    /// Allocates the space and binds it to every registered primitive.
    func finish(context: DNNLContext) throws {
        buffer = FloatBuffer(count: (bytes + 3) / 4)
        for primitive in primitives { try primitive.attachScratchpad(buffer, context: context) }
    }
}
