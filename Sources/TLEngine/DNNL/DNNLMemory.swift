import CDNNL
import TLGraph

/// A oneDNN memory descriptor for a plain (row-major) float tensor.
func plainDescriptor(_ dims: [Int]) throws -> dnnl_memory_desc_t {
    try descriptor(dims, tag: [1: dnnl_a, 2: dnnl_ab, 3: dnnl_abc, 4: dnnl_abcd, 5: dnnl_abcde][dims.count])
}

/// A oneDNN memory descriptor for an N×C×H×W float tensor stored channel-major (C, N, H, W in memory order).
func channelMajorDescriptor(_ dims: [Int]) throws -> dnnl_memory_desc_t { try descriptor(dims, tag: dnnl_bacd) }

/// A descriptor that lets a primitive choose the layout it runs fastest on.
func anyDescriptor(_ dims: [Int]) throws -> dnnl_memory_desc_t { try descriptor(dims, tag: dnnl_format_tag_any) }

private func descriptor(_ dims: [Int], tag: dnnl_format_tag_t?) throws -> dnnl_memory_desc_t {
    guard let tag else { throw EngineError.unsupportedRank(dims.count) }
    var desc = dnnl_memory_desc_t()
    try dnnlCheck(
        dnnl_memory_desc_init_by_tag(&desc, Int32(dims.count), dims.map(Int64.init), dnnl_f32, tag),
        "memory_desc_init_by_tag")
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

/// One buffer that every convolution of a plan borrows in turn for its weights (or weight gradient) in a
/// blocked layout: each reorders into it right before use, so the plan holds one such copy, not one per layer.
/// An evaluation plan instead gives each convolution's blocked weights a place in its activation arena, live
/// only while the convolution runs, so they share memory with activations that are dead by then. In a training plan
/// whose blocked weights take little memory all together, each gets a buffer of its own: the reorders into them can
/// then run before a chain of several convolutions' slices (see `SliceChain`).
final class WeightsScratch {
    /// The shared buffer (nil in an evaluation plan, or where each convolution has its own).
    private let buffer: FloatBuffer?
    private let separate: Bool
    /// The rooms of their own that convolutions took (kept alive here: oneDNN's memory objects do not keep theirs).
    private var separateRooms: [FloatBuffer] = []
    private let memory: PlanMemory

    /// The most bytes the blocked weights, their copies for the input gradient and the weight gradients of all
    /// convolutions may take for each to have its own buffer.
    static let largestSeparateRooms = 8 << 20

    /// Room for the largest convolution weights of `layers` in any layout, or none when `memory` is an evaluation
    /// plan's or the weights of `layers` are small enough to have a room each.
    init(layers: [Layer], memory: PlanMemory) throws {
        self.memory = memory
        let total = layers.flatMap(\.flattened).map(Self.paddedWeights).reduce(0, +)
        separate = !memory.reusesActivations && 3 * 4 * total <= Self.largestSeparateRooms
        buffer = memory.reusesActivations || separate ? nil : try FloatBuffer(count: Self.largestWeights(layers))
    }

    /// Floats in the largest convolution weights of `layers` in any layout (channels padded to 64).
    static func largestWeights(_ layers: [Layer]) -> Int {
        layers.flatMap(\.flattened).map(paddedWeights).max() ?? 0
    }

    /// Floats in `layer`'s convolution weights in any layout (0 for other layers): a group's output and input channels
    /// padded to 64, or for a depthwise convolution (one channel in and out per group) the groups, as oneDNN's
    /// depthwise layouts block them.
    static func paddedWeights(_ layer: Layer) -> Int {
        func padded(_ n: Int) -> Int { (n + 63) / 64 * 64 }
        guard let op = layer.op as? Conv2dOp else { return 0 }
        let inPerGroup = (op.inChannels ?? 1) / op.groups, outPerGroup = op.outChannels / op.groups
        let kernel = op.kernel.0 * op.kernel.1
        if inPerGroup == 1 && outPerGroup == 1 { return padded(op.groups) * kernel }
        return op.groups * padded(outPerGroup) * padded(inPerGroup) * kernel
    }

    /// A buffer for weights in `layout`: the shared one (after checking that they fit), one of its own where each
    /// convolution has its own, or in an evaluation plan a place in the activation arena.
    func room(for layout: dnnl_memory_desc_t) throws -> FloatBuffer {
        var layout = layout
        let bytes = dnnl_memory_desc_get_size(&layout)
        if separate {
            let room = try FloatBuffer(count: (bytes + 3) / 4)
            separateRooms.append(room)
            return room
        }
        guard let buffer else { return try memory.activation(count: (bytes + 3) / 4) }
        guard bytes <= buffer.count * 4 else {
            throw EngineError.weightsScratchTooSmall(needed: bytes, reserved: buffer.count * 4)
        }
        return buffer
    }
}

/// A layout change between two buffers (oneDNN reorder), bound once; a large one is cut along its first dimension
/// (images, or a weight's output channels) like a convolution (see `SlicedPrimitive`).
final class Reorder {
    private let primitive: DNNLPrimitive

    /// Reorders `source` (in `from`) into `target` (in `to`).
    init(
        from: dnnl_memory_desc_t, _ source: FloatBuffer, to: dnnl_memory_desc_t, _ target: FloatBuffer,
        context: DNNLContext, memory: PlanMemory
    ) throws {
        primitive = try DNNLPrimitive(reorderFrom: from, to: to, context: context, memory: memory)
        primitive.bind([
            (DNNL_ARG_FROM, try DNNLMemory(from, buffer: source, context: context)),
            (DNNL_ARG_TO, try DNNLMemory(to, buffer: target, context: context)),
        ])
        var whole = from
        guard dnnl_memory_desc_get_size(&whole) >= SlicedPrimitive.smallestTensorWorthCutting else { return }
        primitive.cutIntoSlices(
            entries: Int(from.dims.0), memory: memory,
            [
                SliceArgument(argument: DNNL_ARG_FROM, buffer: source, role: .perSlice),
                SliceArgument(argument: DNNL_ARG_TO, buffer: target, role: .perSlice),
            ]
        ) { layout in
            try DNNLPrimitive.reorder(from: layout(DNNL_ARG_FROM), to: layout(DNNL_ARG_TO), context: context)
        }
    }

    /// Runs the reorder.
    func run() { primitive.run() }

    /// The reorder as a plan step.
    var step: PlanStep { primitive.step }
}
