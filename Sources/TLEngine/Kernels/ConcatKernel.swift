import CDNNL

/// Branches joined along the channels. Forward, each branch's result is reordered into its channel range of the
/// output (a oneDNN sub-memory of it); backward, that range of the output's gradient is reordered into the branch's
/// gradient. The first branch with layers writes the input's gradient, after the other branches' backward passes;
/// their parts are added to it last. An empty branch's part is its range of the output's gradient, which a reorder
/// adds to the input's gradient directly (or writes there, as the first part, when no branch has layers).
///
/// The output takes the layout family of the first branch's result (channel-blocked where every channel range starts
/// on a block), else the plain one.
final class ConcatKernel: Kernel {
    let output: Value
    private let input: Value
    private let branches: [[Kernel]]
    private let forwardReorders: [DNNLPrimitive]
    /// Per branch, the reorder of its range of the output's gradient into the branch's gradient (nil without one, and
    /// for an empty branch).
    private let backwardReorders: [DNNLPrimitive?]
    /// The reorders that add each empty branch's range of the output's gradient to the input's, run last.
    private let identityReorders: [DNNLPrimitive]
    /// The buffers the other branches' parts of the input's gradient land in, added to it last.
    private let parts: [FloatBuffer]
    /// The branches in the order their backward passes run: the one writing the input's gradient last, since the
    /// others' gradients may lie in its gradient slot.
    private let backwardOrder: [Int]
    /// The plan's shared buffer holding the output's gradient while the branches' backward passes run (they may
    /// reuse its gradient slot).
    private let passed: FloatBuffer?

    /// `branches[i]` was compiled on a view of `input` whose gradient is the input's for branch `owner` and `parts[i]`
    /// for the others (nil without an input gradient); `ends[i]` is its result (that view for an empty branch);
    /// `level` counts the concatenations around it.
    init(
        input: Value, branches: [[Kernel]], ends: [Value], owner: Int?, parts: [FloatBuffer?], level: Int,
        context: DNNLContext, memory: PlanMemory
    ) throws {
        self.input = input
        self.branches = branches
        self.parts = parts.compactMap { $0 }
        backwardOrder = branches.indices.filter { $0 != owner } + (owner.map { [$0] } ?? [])
        let channels = ends.map { $0.dims[1] }
        let offsets = channels.indices.map { channels[..<$0].reduce(0, +) }
        var dims = ends[0].dims
        dims[1] = channels.reduce(0, +)
        let layout = try Self.outputLayout(like: ends[0].layout, dims: dims, offsets: offsets)
        memory.continueSequence(after: ends[ends.count - 1])
        output = try Value(
            dims: dims, layout: layout, needsGrad: input.needsGrad || ends.contains(where: \.needsGrad), memory: memory)
        passed = output.needsGrad ? try memory.blockGradient(.concatPassed(level: level)) : nil
        var forward: [DNNLPrimitive] = [], backward: [DNNLPrimitive?] = [], identity: [DNNLPrimitive] = []
        for (index, (end, offset)) in zip(ends, offsets).enumerated() {
            let range = try Self.channelRange(of: layout, dims: end.dims, offset: offset)
            let into = try DNNLPrimitive(reorderFrom: end.layout, to: range, context: context, memory: memory)
            into.bind([
                (DNNL_ARG_FROM, try end.memory(context)), (DNNL_ARG_TO, try output.memory(context)),
            ])
            forward.append(into)
            if branches[index].isEmpty, let passed, let target = input.grad {
                let add = try DNNLPrimitive(
                    reorderFrom: range, to: input.layout,
                    postOps: PostOps(accumulate: owner != nil || !identity.isEmpty),
                    context: context, memory: memory)
                add.bind([
                    (DNNL_ARG_FROM, try DNNLMemory(layout, buffer: passed, context: context)),
                    (DNNL_ARG_TO, try DNNLMemory(input.layout, buffer: target, context: context)),
                ])
                identity.append(add)
            }
            guard !branches[index].isEmpty, let passed, let target = end.grad else {
                backward.append(nil)
                continue
            }
            let back = try DNNLPrimitive(reorderFrom: range, to: end.layout, context: context, memory: memory)
            back.bind([
                (DNNL_ARG_FROM, try DNNLMemory(layout, buffer: passed, context: context)),
                (DNNL_ARG_TO, try DNNLMemory(end.layout, buffer: target, context: context)),
            ])
            backward.append(back)
        }
        forwardReorders = forward
        backwardReorders = backward
        identityReorders = identity
    }

    /// The layout of the output (`dims`): channel-blocked as `branch` is when every branch's channel range starts on
    /// a block, else plain.
    private static func outputLayout(like branch: dnnl_memory_desc_t, dims: [Int], offsets: [Int]) throws
        -> dnnl_memory_desc_t
    {
        let blocking = branch.format_desc.blocking
        let block = blocking.inner_nblks == 1 ? Int(blocking.inner_blks.0) : 1
        let tags: [Int: dnnl_format_tag_t] = [16: dnnl_nChw16c, 8: dnnl_nChw8c, 4: dnnl_nChw4c]
        guard branch.format_kind == dnnl_blocked, dims.count == 4, let tag = tags[block],
            offsets.allSatisfy({ $0 % block == 0 })
        else { return try plainDescriptor(dims) }
        var desc = dnnl_memory_desc_t()
        try dnnlCheck(
            dnnl_memory_desc_init_by_tag(&desc, 4, dims.map(Int64.init), dnnl_f32, tag), "memory_desc_init_by_tag")
        return desc
    }

    /// The channels `offset..<offset + dims[1]` of a value in `layout`, as a sub-memory descriptor.
    private static func channelRange(of layout: dnnl_memory_desc_t, dims: [Int], offset: Int) throws
        -> dnnl_memory_desc_t
    {
        var parent = layout, range = dnnl_memory_desc_t()
        let offsets = dims.indices.map { $0 == 1 ? Int64(offset) : 0 }
        try dnnlCheck(
            dnnl_memory_desc_init_submemory(&range, &parent, dims.map(Int64.init), offsets),
            "memory_desc_init_submemory")
        return range
    }

    /// Every branch runs before any result is reordered into the output, whose storage may be what a branch used.
    func forward(training: Bool) {
        for branch in branches {
            for kernel in branch { kernel.forward(training: training) }
        }
        for into in forwardReorders { into.run() }
    }

    func backward() {
        guard let outputGrad = output.grad, let passed else { return }
        passed.pointer.update(from: outputGrad.pointer, count: output.buffer.count)
        for index in backwardOrder {
            backwardReorders[index]?.run()
            for kernel in branches[index].reversed() { kernel.backward() }
        }
        for add in identityReorders { add.run() }
        guard let inputGrad = input.grad?.pointer else { return }
        for part in parts {
            let addend = part.pointer
            for i in 0..<input.buffer.count { inputGrad[i] += addend[i] }
        }
    }
}
