import CDNNL
import TLGraph

/// A oneDNN memory descriptor for a plain (row-major) float tensor.
func plainDescriptor(_ dims: [Int]) throws -> dnnl_memory_desc_t {
    try descriptor(dims, tag: [1: dnnl_a, 2: dnnl_ab, 3: dnnl_abc, 4: dnnl_abcd, 5: dnnl_abcde][dims.count])
}

/// A descriptor that lets a primitive choose the layout it runs fastest on.
func anyDescriptor(_ dims: [Int]) throws -> dnnl_memory_desc_t { try descriptor(dims, tag: dnnl_format_tag_any) }

private func descriptor(_ dims: [Int], tag: dnnl_format_tag_t?) throws -> dnnl_memory_desc_t {
    guard let tag else { throw EngineError("tensors of rank \(dims.count) are not supported") }
    var desc = dnnl_memory_desc_t()
    try dnnlCheck(dnnl_memory_desc_init_by_tag(&desc, Int32(dims.count), dims.map(Int64.init), dnnl_f32, tag), "memory_desc_init_by_tag")
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

    /// Wraps a buffer holding a tensor in layout `desc`.
    convenience init(_ desc: dnnl_memory_desc_t, buffer: FloatBuffer, context: DNNLContext) throws {
        try self.init(desc, pointer: UnsafeMutableRawPointer(buffer.pointer), context: context)
    }

    deinit { dnnl_memory_destroy(handle) }
}

/// The memory one plan shares between its steps: oneDNN's scratch space (primitives run one at a time; they
/// register while the plan compiles, and `finish` allocates the space once and hands it to each of them), and
/// two gradient slots that the values of a chain take in turn, and the buffers residual blocks use in backward.
///
/// Backward walks a chain from its end: the kernel producing value *i* reads *i*'s gradient and writes
/// *i−1*'s, after which *i*'s is dead. So values created one after the other in forward order can alternate
/// between two buffers instead of keeping a gradient each for the whole step. A residual block's backward
/// runs inside one such step and needs two gradients that outlive its body's chain: the gradient passed
/// through its ReLU and the input gradient along its shortcut; blocks do not nest, so all blocks share them.
final class PlanMemory {
    private var primitives: [DNNLPrimitive] = []
    private var bytes = 0
    private(set) var buffer = FloatBuffer(count: 0)
    private let largestValue: Int
    private lazy var slots = [FloatBuffer(count: largestValue), FloatBuffer(count: largestValue)]
    private var nextSlot = 0
    /// The gradient a residual block passes through its ReLU (to body and shortcut).
    private(set) lazy var residualPassed = FloatBuffer(count: largestValue)
    /// A residual block's input gradient along its shortcut.
    private(set) lazy var residualShortcutInput = FloatBuffer(count: largestValue)

    /// Memory for a plan whose largest value (in any layout) holds at most `largestValue` floats; the gradient
    /// buffers are allocated only when a value first needs one (never, in an evaluation plan).
    init(largestValue: Int) {
        self.largestValue = largestValue
    }

    /// Registers a primitive that needs `bytes` of scratch space.
    func register(_ primitive: DNNLPrimitive, bytes: Int) {
        primitives.append(primitive)
        self.bytes = max(self.bytes, bytes)
    }

    /// Allocates the scratch space and binds it to every registered primitive.
    func finish(context: DNNLContext) throws {
        buffer = FloatBuffer(count: (bytes + 3) / 4)
        for primitive in primitives { try primitive.attachScratchpad(buffer, context: context) }
    }

    /// The gradient buffer for the next value of a chain (the other slot than the previous value's).
    func chainGradient(count: Int) -> FloatBuffer {
        guard count <= largestValue else { return FloatBuffer(count: count) }
        defer { nextSlot ^= 1 }
        return slots[nextSlot]
    }
}

/// One buffer that every convolution of a plan borrows in turn for its weights (or weight gradient) in a
/// blocked layout: each reorders into it right before use, so the plan holds one such copy, not one per layer.
final class WeightsScratch {
    let buffer: FloatBuffer

    /// Room for the largest convolution weights of `layers` in any layout (channels padded to 64).
    init(layers: [Layer]) {
        func padded(_ n: Int) -> Int { (n + 63) / 64 * 64 }
        let largest = layers.flatMap(\.flattened).map { layer -> Int in
            guard case .conv2d(let op) = layer.op else { return 0 }
            let inPerGroup = (op.inChannels ?? 1) / op.groups
            return op.groups * padded(op.outChannels / op.groups) * padded(inPerGroup) * op.kernel.0 * op.kernel.1
        }.max() ?? 0
        buffer = FloatBuffer(count: largest)
    }

    /// The buffer, after checking that a tensor in `layout` fits.
    func room(for layout: dnnl_memory_desc_t) throws -> FloatBuffer {
        var layout = layout
        let bytes = dnnl_memory_desc_get_size(&layout)
        guard bytes <= buffer.count * 4 else { throw EngineError("convolution weights need \(bytes) bytes of scratch, \(buffer.count * 4) reserved") }
        return buffer
    }
}

/// A layout change between two buffers (oneDNN reorder), bound once.
final class Reorder {
    private let primitive: DNNLPrimitive

    /// Reorders `source` (in `from`) into `target` (in `to`).
    init(from: dnnl_memory_desc_t, _ source: FloatBuffer, to: dnnl_memory_desc_t, _ target: FloatBuffer,
         context: DNNLContext, memory: PlanMemory) throws {
        primitive = try DNNLPrimitive(reorderFrom: from, to: to, context: context, memory: memory)
        primitive.bind([(DNNL_ARG_FROM, try DNNLMemory(from, buffer: source, context: context)),
                        (DNNL_ARG_TO, try DNNLMemory(to, buffer: target, context: context))])
    }

    /// Runs the reorder.
    func run() { primitive.run() }
}
