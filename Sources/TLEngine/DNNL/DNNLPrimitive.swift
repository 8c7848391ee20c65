import CDNNL

/// One oneDNN primitive (descriptor + compiled kernel) with arguments bound once, so running it allocates nothing.
/// Of the implementations oneDNN offers for an operation, it takes the first that is not a reference one.
final class DNNLPrimitive {
    let descriptor: dnnl_primitive_desc_t
    /// Created and run on one thread (see `ComputeThreads.serially`).
    private let serial: Bool
    /// The implementation oneDNN runs, recorded in the plan's list of choices.
    let choice: KernelChoice
    private let primitive: dnnl_primitive_t
    private let context: DNNLContext
    private var arguments = BoundArguments([])
    private var scratchMemory: DNNLMemory?
    /// The same work cut into slices, run instead where the tensors allow it (see `SlicedPrimitive`).
    private var slices: SlicedPrimitive?
    /// True when the slices run even where no neighbouring step chains with them.
    private var slicesRunAlone = true

    /// Creates a primitive from an operation descriptor (`hint` is the forward primitive for backward passes), with
    /// the first implementation oneDNN offers that is not a reference one (the reference one when nothing else is).
    /// A `serial` primitive is created for one thread and always runs on one.
    convenience init(
        _ operation: UnsafeRawPointer, hint: DNNLPrimitive? = nil, serial: Bool = false,
        postOps: PostOps = PostOps(), context: DNNLContext, memory: PlanMemory
    ) throws {
        let descriptor = try ComputeThreads.serially(if: serial) {
            try Self.pick(operation, hint: hint, postOps: postOps, context: context)
        }
        try self.init(descriptor: descriptor, serial: serial, context: context, memory: memory)
    }

    /// Creates a primitive from a descriptor `pick` returned (the primitive owns it from now on); a `serial` one for
    /// a descriptor picked on one thread.
    convenience init(
        picked descriptor: dnnl_primitive_desc_t, serial: Bool = false, context: DNNLContext, memory: PlanMemory
    ) throws {
        try self.init(descriptor: descriptor, serial: serial, context: context, memory: memory)
    }

    /// The primitive descriptor of the first implementation oneDNN offers for `operation` that is not a reference
    /// one, or of the reference one when nothing else is offered; the caller owns it (`dnnl_primitive_desc_destroy`
    /// or `init(picked:)`).
    /// `postOps` are applied to the result.
    static func pick(
        _ operation: UnsafeRawPointer, hint: DNNLPrimitive? = nil, postOps: PostOps = PostOps(),
        context: DNNLContext
    ) throws -> dnnl_primitive_desc_t {
        try pick(operation, hintDescriptor: hint?.descriptor, postOps: postOps, context: context)
    }

    /// The same as `pick(_:hint:postOps:context:)` with the forward pass's primitive descriptor as the hint.
    static func pick(
        _ operation: UnsafeRawPointer, hintDescriptor: dnnl_primitive_desc_t?, postOps: PostOps = PostOps(),
        context: DNNLContext
    ) throws -> dnnl_primitive_desc_t {
        let attributes = try userScratchpadAttributes()
        try postOps.append(to: attributes)
        defer { dnnl_primitive_attr_destroy(attributes) }
        var iterator: dnnl_primitive_desc_iterator_t?
        try dnnlCheck(
            dnnl_primitive_desc_iterator_create(&iterator, operation, attributes, context.engine, hintDescriptor),
            "primitive_desc_iterator_create")
        defer { dnnl_primitive_desc_iterator_destroy(iterator) }
        var chosen: dnnl_primitive_desc_t?
        repeat {
            guard let candidate = dnnl_primitive_desc_iterator_fetch(iterator) else { continue }
            if !KernelChoice.isReference(KernelChoice.implementationName(candidate)) {
                if let chosen { dnnl_primitive_desc_destroy(chosen) }
                return candidate
            }
            if chosen == nil { chosen = candidate } else { dnnl_primitive_desc_destroy(candidate) }
        } while dnnl_primitive_desc_iterator_next(iterator) == dnnl_success
        guard let chosen else { throw EngineError.oneDNN(call: "primitive choice", status: nil) }
        return chosen
    }

    /// Creates a reorder from one layout to another (adding to the destination's contents with `postOps.accumulate`).
    convenience init(
        reorderFrom from: dnnl_memory_desc_t, to: dnnl_memory_desc_t, postOps: PostOps = PostOps(),
        context: DNNLContext, memory: PlanMemory
    ) throws {
        try self.init(
            descriptor: try Self.reorder(from: from, to: to, postOps: postOps, context: context), context: context,
            memory: memory)
    }

    /// The primitive descriptor of a reorder from one layout to another; the caller owns it.
    static func reorder(
        from: dnnl_memory_desc_t, to: dnnl_memory_desc_t, postOps: PostOps = PostOps(), context: DNNLContext
    ) throws -> dnnl_primitive_desc_t {
        let attributes = try Self.userScratchpadAttributes()
        defer { dnnl_primitive_attr_destroy(attributes) }
        try postOps.append(to: attributes)
        var from = from, to = to
        var descriptor: dnnl_primitive_desc_t?
        try dnnlCheck(
            dnnl_reorder_primitive_desc_create(&descriptor, &from, context.engine, &to, context.engine, attributes),
            "reorder_primitive_desc_create")
        return descriptor!
    }

    private static func userScratchpadAttributes() throws -> dnnl_primitive_attr_t? {
        var attributes: dnnl_primitive_attr_t?
        try dnnlCheck(dnnl_primitive_attr_create(&attributes), "primitive_attr_create")
        try dnnlCheck(
            dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user), "set_scratchpad_mode")
        return attributes
    }

    private init(descriptor: dnnl_primitive_desc_t, serial: Bool = false, context: DNNLContext, memory: PlanMemory)
        throws
    {
        self.context = context
        self.serial = serial
        choice = KernelChoice(layer: memory.layer, descriptor: descriptor, shape: Self.shapes(descriptor))
        var primitive: dnnl_primitive_t?
        let status = ComputeThreads.serially(if: serial) { dnnl_primitive_create(&primitive, descriptor) }
        if status != dnnl_success { dnnl_primitive_desc_destroy(descriptor) }
        try dnnlCheck(status, "primitive_create")
        self.descriptor = descriptor
        self.primitive = primitive!
        let scratch = descriptorOf(dnnl_query_scratchpad_md)
        if scratch.bytes > 0 { memory.register(self, bytes: scratch.bytes) }
        memory.record(choice)
    }

    /// The dimensions of the primitive's input, weights and output, for messages (`src 64x1x28x28, ...`).
    private static func shapes(_ descriptor: dnnl_primitive_desc_t) -> String {
        let roles: [(String, [dnnl_query_t])] = [
            ("src", [dnnl_query_src_md, dnnl_query_diff_src_md]),
            ("weights", [dnnl_query_weights_md, dnnl_query_diff_weights_md]),
            ("dst", [dnnl_query_dst_md, dnnl_query_diff_dst_md]),
        ]
        return roles.compactMap { role, queries -> String? in
            for query in queries {
                guard let md = dnnl_primitive_desc_query_md(descriptor, query, 0)?.pointee, md.ndims > 0 else {
                    continue
                }
                let dims = withUnsafeBytes(of: md.dims) {
                    Array($0.bindMemory(to: dnnl_dim_t.self).prefix(Int(md.ndims)))
                }
                return role + " " + dims.map(String.init).joined(separator: "x")
            }
            return nil
        }.joined(separator: ", ")
    }

    /// Points the primitive's scratchpad argument at the plan's shared scratch space.
    func attachScratchpad(_ buffer: FloatBuffer, context: DNNLContext) throws {
        scratchMemory = try DNNLMemory(
            descriptorOf(dnnl_query_scratchpad_md).desc, pointer: UnsafeMutableRawPointer(buffer.pointer),
            context: context)
        bind(arguments.memories)
    }

    deinit {
        dnnl_primitive_destroy(primitive)
        dnnl_primitive_desc_destroy(descriptor)
    }

    /// The layout the primitive chose for one of its tensors (`dnnl_query_src_md`, `dnnl_query_dst_md`, ...).
    func layout(_ query: dnnl_query_t, index: Int32 = 0) -> dnnl_memory_desc_t {
        descriptorOf(query, index: index).desc
    }

    /// A memory descriptor the primitive reports (workspace, scratchpad, ...), copied out.
    func descriptorOf(_ query: dnnl_query_t, index: Int32 = 0) -> (desc: dnnl_memory_desc_t, bytes: Int) {
        var desc = dnnl_primitive_desc_query_md(descriptor, query, index)?.pointee ?? dnnl_memory_desc_t()
        return (desc, dnnl_memory_desc_get_size(&desc))
    }

    /// Binds the arguments every run uses (`DNNL_ARG_*` → memory); the scratchpad is added automatically.
    func bind(_ arguments: [(Int32, DNNLMemory)]) {
        self.arguments = BoundArguments(
            arguments.filter { $0.0 != DNNL_ARG_SCRATCHPAD }
                + (scratchMemory.map { [(DNNL_ARG_SCRATCHPAD, $0)] } ?? []))
    }

    /// Cuts the primitive's work along its tensors' first dimension (`entries` images, or a weight's output channels)
    /// where that allows it (see `SlicedPrimitive.cut`): `arguments` are the whole tensors' buffers, `describe` makes
    /// the descriptor of one slice from its layouts.
    /// With `alone` false, the slices run only chained with a neighbouring step's (see `SliceChain`): on its own,
    /// cheap work runs faster whole than handed out in slices.
    func cutIntoSlices(
        entries: Int, memory: PlanMemory, alone: Bool = true, _ arguments: [SliceArgument],
        describe: (_ layout: (Int32) -> dnnl_memory_desc_t) throws -> dnnl_primitive_desc_t
    ) {
        slices = SlicedPrimitive.cut(
            self, entries: entries, arguments: arguments, alone: alone, context: context,
            memory: memory, describe: describe)
        slicesRunAlone = alone
    }

    /// The primitive as a step of a plan: its slices where it is cut, else the whole primitive with the memory its
    /// arguments touch.
    var step: PlanStep {
        if let slices { return .sliced(slices, alone: { [self] in run() }) }
        return .whole(run: { [self] _ in run() }, uses: memoryUses)
    }

    /// The memory the primitive's arguments (but its scratchpad) point at.
    private var memoryUses: [MemoryUse] {
        arguments.memories.compactMap { argument, memory in
            guard argument != DNNL_ARG_SCRATCHPAD else { return nil }
            var handle: UnsafeMutableRawPointer?
            var layout: UnsafePointer<dnnl_memory_desc_t>?
            guard dnnl_memory_get_data_handle(memory.handle, &handle) == dnnl_success, let handle,
                dnnl_memory_get_memory_desc(memory.handle, &layout) == dnnl_success, let layout
            else { return nil }
            return MemoryUse(handle, length: dnnl_memory_desc_get_size(layout), writes: MemoryUse.writes(argument))
        }
    }

    /// Runs the primitive on its bound arguments (or its slices) and waits for it.
    func run() {
        if let slices, slicesRunAlone { return slices.run() }
        LibraryCalls.count &+= 1
        if let wrapper = LibraryCalls.wrapper { wrapper { self.execute() } } else { execute() }
    }

    private func execute() {
        ComputeThreads.serially(if: serial) { run(arguments, stream: context.stream) }
    }

    /// Runs the primitive on `arguments` on `stream` and waits for it, on the calling thread as it is (a slice of a
    /// `SlicedPrimitive`, on one of the compute threads).
    func run(_ arguments: BoundArguments, stream: dnnl_stream_t) {
        let status = dnnl_primitive_execute(primitive, stream, Int32(arguments.memories.count), arguments.list)
        precondition(status == dnnl_success, "oneDNN primitive_execute failed with status \(status.rawValue)")
        dnnl_stream_wait(stream)
    }
}

/// The arguments of one primitive run (`DNNL_ARG_*` → memory), laid out once as oneDNN's argument list.
final class BoundArguments {
    /// The memory objects (kept alive here: the list holds only their handles).
    let memories: [(Int32, DNNLMemory)]
    /// oneDNN's argument list.
    let list: UnsafeMutablePointer<dnnl_exec_arg_t>

    /// The list for `memories`.
    init(_ memories: [(Int32, DNNLMemory)]) {
        self.memories = memories
        list = UnsafeMutablePointer<dnnl_exec_arg_t>.allocate(capacity: max(memories.count, 1))
        for (i, (argument, memory)) in memories.enumerated() {
            list[i] = dnnl_exec_arg_t(arg: argument, memory: memory.handle)
        }
    }

    deinit { list.deallocate() }
}

/// Instrumentation of oneDNN primitive calls: how many ran, and an optional wrapper around each (tlbench pauses
/// its allocation counter inside them, since oneDNN allocates an argument map at every call).
public enum LibraryCalls {
    /// Primitive calls since the count was last reset.
    nonisolated(unsafe) public static var count = 0
    /// Runs around every primitive call when set.
    nonisolated(unsafe) public static var wrapper: ((() -> Void) -> Void)?
}
