import CDNNL

/// A primitive's work cut along its tensors' first dimension (whole images, or a weight's output channels in whole
/// blocks) into slices, each run by a one-thread copy of the primitive, that the compute threads take one after
/// another as they become free. oneDNN shares a primitive's work equally between its threads up front, so on a
/// machine whose cores are shared (a browser, another run, several sweep trials) the thread that shares its core sets the pace; here a
/// thread that runs less takes fewer slices. Each slice is computed the same way whichever thread takes it and
/// summed gradients are added in slice order, so results do not depend on which thread ran what; the number of
/// slices follows the thread count, so they do depend on that.
final class SlicedPrimitive {
    /// The one-thread primitive for one slice.
    private let primitive: DNNLPrimitive
    /// The whole primitive's kernel, listed in the plan's choices until the plan runs the slices instead.
    private let wholeChoice: KernelChoice
    private let arguments: [SliceArgument]
    private let slices: Int
    private let streams: [dnnl_stream_t]
    private let context: DNNLContext
    private var partialSums: PartialSums?
    private var sliceRuns: SliceRuns?
    /// Bytes of the plan's scratch space the slices' scratchpads and partial sums take.
    private let scratchSpace: Int

    /// The fewest bytes a tensor of a cheap operation (element-wise, pooling) must have for cutting it into slices to
    /// pay for handing the slices out.
    static let smallestTensorWorthCutting = 256 << 10

    /// How many slices to cut `entries` of a first dimension (images, or blocks of a weight's output channels) into
    /// on `threads` compute threads: enough for a thread that runs at half speed to take fewer (four per thread, at
    /// least two), and a number that divides `entries`; nil when cutting does not pay (one thread, or no such number).
    static func count(entries: Int, threads: Int) -> Int? {
        guard threads > 1 else { return nil }
        return stride(from: min(entries, 4 * threads), through: 2 * threads, by: -1).first { entries % $0 == 0 }
    }

    /// The slice-sized copy of `layout` (a layout whose first dimension is outermost: images, or a weight's output
    /// channels) for `entries` of that dimension, or nil when the layout does not keep them together (then the tensor
    /// cannot be cut along it) or `entries` is not a whole number of its blocks along it.
    static func sliceLayout(_ layout: dnnl_memory_desc_t, entries: Int) -> dnnl_memory_desc_t? {
        var whole = layout
        let block = firstDimensionBlock(layout)
        guard layout.format_kind == dnnl_blocked, layout.ndims > 1, layout.padded_dims.0 == layout.dims.0,
            layout.padded_offsets.0 == 0, layout.offset0 == 0, layout.dims.0 % Int64(entries) == 0,
            entries % block == 0
        else { return nil }
        let blockStride = layout.format_desc.blocking.strides.0
        let elementBytes: Int64 = [dnnl_u8: 1, dnnl_s8: 1, dnnl_f16: 2, dnnl_bf16: 2][layout.data_type] ?? 4
        guard blockStride * layout.dims.0 / Int64(block) * elementBytes == Int64(dnnl_memory_desc_get_size(&whole))
        else { return nil }
        var slice = layout
        slice.dims.0 = Int64(entries)
        slice.padded_dims.0 = Int64(entries)
        return slice
    }

    /// How many of the first dimension's entries `layout` keeps together in its innermost blocks (1 unless blocked).
    static func firstDimensionBlock(_ layout: dnnl_memory_desc_t) -> Int {
        guard layout.format_kind == dnnl_blocked else { return 1 }
        let blocking = layout.format_desc.blocking
        let count = Int(blocking.inner_nblks)
        let dimensions = withUnsafeBytes(of: blocking.inner_idxs) {
            Array($0.bindMemory(to: dnnl_dim_t.self).prefix(count))
        }
        let sizes = withUnsafeBytes(of: blocking.inner_blks) { Array($0.bindMemory(to: dnnl_dim_t.self).prefix(count)) }
        return zip(dimensions, sizes).filter { $0.0 == 0 }.map { Int($0.1) }.reduce(1, *)
    }

    /// `whole`'s work (a primitive over `arguments` whose first dimension has `entries`: the batch's images, or a
    /// weight's output channels) cut into slices, or nil when it cannot be cut or cutting does not pay: `describe`
    /// makes the primitive descriptor for one slice from the layout of each argument (the whole primitive's, with a
    /// slice's entries for those cut per slice); it is created for one thread, and kept only when oneDNN runs it with
    /// an optimised implementation and the partial sums of all slices take at most 32 MB (large weights on small maps:
    /// their gradient costs little next to the memory).
    /// Unless `alone`, the plan lists the slices' kernel in place of the whole one only once a chain takes them.
    static func cut(
        _ whole: DNNLPrimitive, entries: Int, arguments: [SliceArgument], alone: Bool, context: DNNLContext,
        memory: PlanMemory, describe: (_ layout: (Int32) -> dnnl_memory_desc_t) throws -> dnnl_primitive_desc_t
    ) -> SlicedPrimitive? {
        let unit = arguments.filter { $0.role == .perSlice }
            .map { firstDimensionBlock(whole.descriptorOf(dnnl_query_exec_arg_md, index: $0.argument).desc) }
            .reduce(1) { least, block in least * block / greatestCommonDivisor(least, block) }
        guard entries % unit == 0, let slices = count(entries: entries / unit, threads: ComputeThreads.current) else {
            return nil
        }
        var layouts: [Int32: dnnl_memory_desc_t] = [:]
        var partialBytes = 0
        for argument in arguments {
            let layout = whole.descriptorOf(dnnl_query_exec_arg_md, index: argument.argument)
            if argument.role == .summed { partialBytes += (slices - 1) * layout.bytes }
            guard argument.role == .perSlice else {
                layouts[argument.argument] = layout.desc
                continue
            }
            guard let slice = sliceLayout(layout.desc, entries: entries / slices) else { return nil }
            layouts[argument.argument] = slice
        }
        guard partialBytes <= 32 << 20,
            let picked = try? ComputeThreads.serially(if: true, { try describe { layouts[$0]! } })
        else { return nil }
        guard !KernelChoice.isReference(KernelChoice.implementationName(picked)) else {
            dnnl_primitive_desc_destroy(picked)
            return nil
        }
        guard let primitive = try? DNNLPrimitive(picked: picked, serial: true, context: context, memory: memory) else {
            return nil
        }
        memory.forget(slice: primitive.choice)
        let cut = SlicedPrimitive(
            primitive: primitive, whole: whole.choice, arguments: arguments, slices: slices, context: context,
            memory: memory)
        if alone { cut.recordCut(in: memory) }
        return cut
    }

    /// Cuts `primitive`'s work (created for one slice of `slices`, on one thread) over `arguments`, the whole tensors'
    /// buffers; the slices' scratch space and partial sums come from the plan's shared scratch space.
    private init(
        primitive: DNNLPrimitive, whole: KernelChoice, arguments: [SliceArgument], slices: Int, context: DNNLContext,
        memory: PlanMemory
    ) {
        self.primitive = primitive
        wholeChoice = whole
        self.arguments = arguments
        self.slices = slices
        self.context = context
        streams = context.threadStreams(ComputeThreads.current)
        let scratch = PlanMemory.aligned(primitive.descriptorOf(dnnl_query_scratchpad_md).bytes)
        let partials = arguments.filter { $0.role == .summed }.map {
            PlanMemory.aligned(Self.bytes(of: $0, in: primitive))
        }.reduce(0, +)
        scratchSpace = slices * scratch + (slices - 1) * partials
        memory.register(self, bytes: scratchSpace)
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : greatestCommonDivisor(b, a % b)
    }

    /// Bytes of `argument`'s tensor for one slice.
    private func bytes(of argument: SliceArgument) -> Int { Self.bytes(of: argument, in: primitive) }

    /// Bytes of `argument`'s tensor for one slice of `primitive`.
    private static func bytes(of argument: SliceArgument, in primitive: DNNLPrimitive) -> Int {
        primitive.descriptorOf(dnnl_query_exec_arg_md, index: argument.argument).bytes
    }

    /// Binds every slice's arguments, its scratchpad and partial sums placed `offset` bytes into `space` (the plan's
    /// scratch space).
    func attach(_ space: FloatBuffer, offset start: Int) throws {
        let base = UnsafeMutableRawPointer(space.pointer) + start
        let scratch = primitive.descriptorOf(dnnl_query_scratchpad_md)
        var offset = slices * PlanMemory.aligned(scratch.bytes)
        var partialTargets:
            [(target: UnsafeMutablePointer<Float>, partials: [UnsafeMutablePointer<Float>], count: Int)] = []
        var partialPlaces: [Int32: [UnsafeMutableRawPointer]] = [:]
        for argument in arguments where argument.role == .summed {
            let size = PlanMemory.aligned(bytes(of: argument))
            let places = (1..<slices).map { base + offset + ($0 - 1) * size }
            offset += (slices - 1) * size
            partialPlaces[argument.argument] = places
            partialTargets.append(
                (
                    argument.buffer.pointer, places.map { $0.assumingMemoryBound(to: Float.self) },
                    bytes(of: argument) / 4
                ))
        }
        partialSums = partialTargets.isEmpty ? nil : PartialSums(partialTargets)
        let bound = try (0..<slices).map { slice in
            var memories: [(Int32, DNNLMemory)] = try arguments.map { argument in
                let layout = primitive.descriptorOf(dnnl_query_exec_arg_md, index: argument.argument)
                let start = UnsafeMutableRawPointer(argument.buffer.pointer)
                let pointer: UnsafeMutableRawPointer
                switch argument.role {
                case .perSlice: pointer = start + slice * layout.bytes
                case .whole: pointer = start
                case .summed: pointer = slice == 0 ? start : partialPlaces[argument.argument]![slice - 1]
                }
                return (argument.argument, try DNNLMemory(layout.desc, pointer: pointer, context: context))
            }
            if scratch.bytes > 0 {
                memories.append(
                    (
                        DNNL_ARG_SCRATCHPAD,
                        try DNNLMemory(
                            scratch.desc, pointer: base + slice * PlanMemory.aligned(scratch.bytes), context: context)
                    ))
            }
            return BoundArguments(memories)
        }
        sliceRuns = SliceRuns(primitive: primitive, bound: bound, streams: streams)
    }

    /// Runs every slice on the compute threads, each taking the next slice when it is free, then adds the partial
    /// sums in slice order.
    func run() {
        LibraryCalls.count &+= slices
        if let wrapper = LibraryCalls.wrapper { wrapper { self.runSlices() } } else { runSlices() }
        finishSlices()
    }

    private func runSlices() {
        ComputeThreads.share(sliceRuns!, slices: slices, threads: streams.count)
    }
}

extension SlicedPrimitive: SlicedWork {
    var sliceCount: Int { slices }

    var threadLimit: Int { streams.count }

    var memoryUses: [MemoryUse] {
        arguments.map { argument in
            MemoryUse(
                argument.buffer.pointer, length: bytes(of: argument), perSlice: argument.role == .perSlice,
                writes: argument.role == .summed || MemoryUse.writes(argument.argument))
        }
    }

    var scratchBytes: Int { scratchSpace }

    func runSlice(_ slice: Int, thread: Int) { sliceRuns!.run(slice: slice, of: slices, thread: thread) }

    func finishSlices() {
        if let partialSums { ComputeThreads.share(partialSums) }
    }

    func recordCut(in memory: PlanMemory) {
        memory.recordCut(whole: wholeChoice, slice: primitive.choice, slices: slices)
    }
}
