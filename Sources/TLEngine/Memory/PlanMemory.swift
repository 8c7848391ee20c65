import CDNNL

/// The memory one plan shares between its steps: oneDNN's scratch space (primitives run one at a time; they
/// register while the plan compiles, and `finish` allocates the space once and hands it to each of them; a
/// sliced primitive takes room for all its slices' scratch and partial sums in it, and the steps of a
/// `SliceChain`, which run at once, each take room of their own), and two gradient slots that the values of
/// consecutive layers take in turn, and the buffers residual blocks use in backward.
///
/// Backward walks a sequence of layers from its end: the kernel producing value *i* reads *i*'s gradient and writes
/// *i−1*'s, after which *i*'s is dead. So values created one after the other in forward order can alternate
/// between two buffers instead of keeping a gradient each for the whole step. A residual block's backward
/// runs inside one such step and needs two gradients that outlive its body's sequence: the gradient passed
/// through its ReLU and the input gradient along its shortcut; blocks do not nest, so all blocks share them.
///
/// A plan without backward (evaluation only) places its activations in an `ActivationArena` by lifetime: the
/// plan compiler retires every value but the newest after each kernel, except the values it keeps alive for a
/// later reader (a residual block's input and its shortcut's result while the body runs).
package final class PlanMemory {
    /// True for evaluation-only plans, whose activations share the arena.
    let reusesActivations: Bool
    /// True when every value's gradient has a buffer of its own instead of a slot (see `slotGradient`).
    let separateGradients: Bool
    /// The layer being compiled (primitives created now belong to it).
    var layer = ""
    /// The implementation of every primitive created for the plan, in order.
    private(set) var choices: [KernelChoice] = []
    private let arena: ActivationArena?
    /// Values that later kernels still read, whatever was compiled since.
    private var keptAlive: [ObjectIdentifier] = []
    private var primitives: [DNNLPrimitive] = []
    private var slicedPrimitives: [SlicedPrimitive] = []
    private var chains: [SliceChain] = []
    private var bytes = 0
    /// The scratch space `finish` allocated (kept for as long as the primitives that point into it).
    private var scratch: FloatBuffer?
    private let largestValue: Int
    private let largestBlockValue: Int
    /// The two gradient slots, allocated on first use.
    private var slots: [FloatBuffer] = []
    private var nextSlot = 0
    /// The shared gradients of residual blocks and gates by role, allocated on first use.
    private var blockGradients: [BlockGradient: FloatBuffer] = [:]
    /// The buffers kernels use within one step only, by role.
    private var scratchBuffers: [ScratchRole: [FloatBuffer]] = [:]

    /// Memory for a plan whose largest value (in any layout) holds at most `largestValue` floats, and whose
    /// blocks' (residual blocks' and gates') inputs and outputs at most `largestBlockValue`; an evaluation plan (`reusesActivations`)
    /// reserves `arenaBytes` of address space for its activations. Buffers are allocated on first use. With
    /// `separateGradients` every value's gradient gets a buffer of its own, so that the backward steps of several
    /// layers can run slice by slice together (see `SliceChain`).
    init(
        largestValue: Int, largestBlockValue: Int, reusesActivations: Bool, arenaBytes: Int,
        separateGradients: Bool = false
    ) throws {
        self.separateGradients = separateGradients
        self.largestValue = largestValue
        self.largestBlockValue = largestBlockValue
        self.reusesActivations = reusesActivations
        arena = reusesActivations ? try ActivationArena(bytes: arenaBytes) : nil
    }

    /// The buffer for a new value's activations (or another buffer live only during one kernel): a place in the
    /// arena in an evaluation plan (a buffer of its own when the arena is full), else a buffer of its own.
    func activation(count: Int) throws -> FloatBuffer {
        try arena?.allocate(count: count) ?? FloatBuffer(count: count)
    }

    /// The gradient blocks share in `role` (blocks of one kind do not nest, or name their level, so one buffer serves
    /// every block).
    func blockGradient(_ role: BlockGradient) throws -> FloatBuffer {
        if let existing = blockGradients[role] { return existing }
        let created = try FloatBuffer(count: largestBlockValue)
        blockGradients[role] = created
        return created
    }

    /// A buffer of at least `count` floats that a kernel uses within one of its steps only: every kernel asking for
    /// `role` gets the same one while it is large enough (a Swin's stages ask for less and less; a larger request
    /// gets a new buffer that later ones share).
    func sharedScratch(_ role: ScratchRole, count: Int) throws -> FloatBuffer {
        if let existing = scratchBuffers[role]?.first(where: { $0.count >= count }) { return existing }
        let created = try FloatBuffer(count: count)
        scratchBuffers[role, default: []].append(created)
        return created
    }

    /// A new value that only the next kernel's forward pass reads (nothing reads it in backward): its values live in
    /// the shared scratch buffer for `role` in a plan with backward (the arena in an evaluation plan), its gradient in
    /// a gradient slot.
    func transientValue(dims: [Int], layout: dnnl_memory_desc_t, needsGrad: Bool, role: ScratchRole) throws -> Value {
        var layout = layout
        let floats = (dnnl_memory_desc_get_size(&layout) + 3) / 4
        return Value(
            dims: dims, layout: layout,
            buffer: reusesActivations ? try activation(count: floats) : try sharedScratch(role, count: floats),
            grad: needsGrad ? try slotGradient(count: floats) : nil)
    }

    /// Keeps `value` alive through `retire` calls until `stopKeepingAlive(_:)`.
    func keepAlive(_ value: Value) {
        keptAlive.append(ObjectIdentifier(value.buffer))
    }

    /// Ends the latest `keepAlive(_:)` of `value`.
    func stopKeepingAlive(_ value: Value) {
        if let index = keptAlive.lastIndex(of: ObjectIdentifier(value.buffer)) { keptAlive.remove(at: index) }
    }

    /// Frees the arena place of every activation except `newest` and those kept alive (called after each kernel:
    /// the kernel has read its inputs and nothing else will).
    func retire(keeping newest: Value) {
        arena?.release { $0 !== newest.buffer && !keptAlive.contains(ObjectIdentifier($0)) }
    }

    /// Registers a primitive that needs `bytes` of scratch space.
    func register(_ primitive: DNNLPrimitive, bytes: Int) {
        primitives.append(primitive)
        self.bytes = max(self.bytes, bytes)
    }

    /// Registers a sliced primitive whose slices need `bytes` of scratch space between them.
    func register(_ slices: SlicedPrimitive, bytes: Int) {
        slicedPrimitives.append(slices)
        self.bytes = max(self.bytes, bytes)
    }

    /// Registers a chain of work cut into slices: its members run at once, so each takes scratch space of its own.
    func register(_ chain: SliceChain) {
        chains.append(chain)
        for member in chain.members { member.recordCut(in: self) }
        bytes = max(bytes, chain.members.map { Self.aligned($0.scratchBytes) }.reduce(0, +))
    }

    /// `bytes` rounded up to whole 64-byte lines: the regions placed one after another in the scratch space start there.
    static func aligned(_ bytes: Int) -> Int { (bytes + 63) / 64 * 64 }

    /// Takes the kernel of a slice of a sliced primitive off the list (it is listed in the whole primitive's
    /// place only where the plan runs the slices, see `recordCut`).
    func forget(slice: KernelChoice) {
        if let sliceIndex = choices.lastIndex(of: slice) { choices.remove(at: sliceIndex) }
    }

    /// Lists the kernel of `slice` (a one-slice copy of `whole`, cut into `slices` slices) in place of `whole`'s:
    /// the plan runs the slices instead of the whole primitive.
    func recordCut(whole: KernelChoice, slice: KernelChoice, slices: Int) {
        if let wholeIndex = choices.lastIndex(of: whole) { choices[wholeIndex] = slice.cut(into: slices) }
    }

    /// Records the implementation of a primitive created for the plan.
    func record(_ choice: KernelChoice) {
        choices.append(choice)
    }

    /// Allocates the scratch space and binds it to every registered primitive.
    func finish(context: DNNLContext) throws {
        let buffer = try FloatBuffer(count: (bytes + 3) / 4)
        scratch = buffer
        for primitive in primitives { try primitive.attachScratchpad(buffer, context: context) }
        for slices in slicedPrimitives { try slices.attach(buffer, offset: 0) }
        for chain in chains {
            var offset = 0
            for member in chain.members {
                try member.attach(buffer, offset: offset)
                offset += Self.aligned(member.scratchBytes)
            }
        }
    }

    /// Makes the next slot gradient the other slot than `value`'s, so that a sequence of layers can continue from a
    /// value that was not the last one made (a residual block's input, after its shortcut was compiled).
    func continueSequence(after value: Value) {
        guard let grad = value.grad, slots.count == 2 else { return }
        if grad === slots[0] { nextSlot = 1 } else if grad === slots[1] { nextSlot = 0 }
    }

    /// The gradient buffer for the next value of a sequence of layers (the other slot than the previous value's, or
    /// one of its own where gradients have their own).
    func slotGradient(count: Int) throws -> FloatBuffer {
        guard count <= largestValue, !separateGradients else { return try FloatBuffer(count: count) }
        if slots.isEmpty { slots = [try FloatBuffer(count: largestValue), try FloatBuffer(count: largestValue)] }
        defer { nextSlot ^= 1 }
        return slots[nextSlot]
    }
}

/// What a kernel uses a shared scratch buffer for (see `PlanMemory.sharedScratch`).
enum ScratchRole: Hashable {
    /// Attention's probabilities (recomputed in backward).
    case attentionProbabilities
    /// The gradient of attention's probabilities.
    case attentionProbabilityGradient
    /// The gradient of attention's scores.
    case attentionScoreGradient
    /// Self-attention's stacked projections, before they are reordered head by head.
    case attentionProjections
    /// Attention's result head by head, before it is reordered into rows.
    case attentionResult
    /// Window attention's output projection, before its windows' rows go back into the map.
    case attentionOutput
    /// An activation's result that backward computes again (see `RecomputedActivationKernel`).
    case recomputedActivation
    /// A gradient step's copy of its forward input in the layout its primitive reads (see `LayoutCopy`).
    case copiedSource
    /// A gradient step's copy of its output's gradient in the layout its primitive reads.
    case copiedOutputGradient
    /// A data-gradient step's input gradient in the layout its primitive writes, before it goes back.
    case copiedInputGradient
}

/// The gradients a block's backward keeps beyond its body's sequence of layers.
enum BlockGradient: Hashable {
    /// The gradient the block passes through its ReLU (to body and shortcut).
    case passed
    /// The block's input gradient along its shortcut.
    case shortcutInput
    /// The gradient of the shortcut's result once brought into the body's layout.
    case shortcutEnd
    /// A gate's own part of its input gradient (dy times the scale) while its branch's backward runs.
    case gateDirect
    /// A concatenation's output gradient while its branches' backward passes run (per nesting level).
    case concatPassed(level: Int)
}
