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
///
/// A plan without backward (evaluation only) reuses activations the same way: each value is dead once the
/// next one is computed. A residual block's shortcut runs first and must outlive the body, so shortcut values
/// take their own pair of slots (the side lane), and the identity shortcut is copied into it.
final class PlanMemory {
    /// Which pair of activation slots new values take in an evaluation plan.
    enum Lane: Int {
        case main, side
    }

    /// True for evaluation-only plans, whose activations alternate between shared slots.
    let reusesActivations: Bool
    /// The lane new values are placed in (the plan compiler switches to `side` for residual shortcuts).
    var lane = Lane.main
    private lazy var activationSlots = [largestValue, largestValue, largestBlockValue, largestBlockValue].map { FloatBuffer(count: $0) }
    private var nextActivation = [0, 0]
    private var primitives: [DNNLPrimitive] = []
    private var bytes = 0
    private(set) var buffer = FloatBuffer(count: 0)
    private let largestValue: Int
    private let largestBlockValue: Int
    private lazy var slots = [FloatBuffer(count: largestValue), FloatBuffer(count: largestValue)]
    private var nextSlot = 0
    /// The gradient a residual block passes through its ReLU (to body and shortcut).
    private(set) lazy var residualPassed = FloatBuffer(count: largestBlockValue)
    /// A residual block's input gradient along its shortcut.
    private(set) lazy var residualShortcutInput = FloatBuffer(count: largestBlockValue)
    /// The gradient of a residual block's shortcut result once brought into the body's layout.
    private(set) lazy var residualShortcutEnd = FloatBuffer(count: largestBlockValue)

    /// Memory for a plan whose largest value (in any layout) holds at most `largestValue` floats, and whose
    /// residual blocks' inputs and outputs at most `largestBlockValue`; buffers are allocated on first use.
    init(largestValue: Int, largestBlockValue: Int, reusesActivations: Bool) {
        self.largestValue = largestValue
        self.largestBlockValue = largestBlockValue
        self.reusesActivations = reusesActivations
    }

    /// The buffer for a new value's activations: the current lane's next slot in an evaluation plan, else its own.
    func activation(count: Int) -> FloatBuffer {
        guard reusesActivations, count <= (lane == .main ? largestValue : largestBlockValue) else { return FloatBuffer(count: count) }
        let lane = lane.rawValue
        defer { nextActivation[lane] ^= 1 }
        return activationSlots[2 * lane + nextActivation[lane]]
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

    /// Makes the next chain gradient the other slot than `value`'s, so that a chain can continue from a value
    /// that was not the last one made (a residual block's input, after its shortcut was compiled).
    func continueChain(after value: Value) {
        if value.grad === slots[0] { nextSlot = 1 } else if value.grad === slots[1] { nextSlot = 0 }
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
