import CDNNL

/// Changes a value's layout as a plan step: forward reorders the values, backward reorders the gradient back.
final class ReorderKernel: Kernel {
    let output: Value
    private let forwardReorder: Reorder
    private let backwardReorder: Reorder?

    init(input: Value, to layout: dnnl_memory_desc_t, context: DNNLContext, scratchpad: Scratchpad) throws {
        output = Value(dims: input.dims, layout: layout, needsGrad: input.needsGrad)
        forwardReorder = try Reorder(from: input.layout, input.buffer, to: layout, output.buffer, context: context, scratchpad: scratchpad)
        if let inputGrad = input.grad, let outputGrad = output.grad {
            backwardReorder = try Reorder(from: layout, outputGrad, to: input.layout, inputGrad, context: context, scratchpad: scratchpad)
        } else {
            backwardReorder = nil
        }
    }

    func forward(training: Bool) { forwardReorder.run() }

    func backward() { backwardReorder?.run() }

    /// `value` itself when it already has `layout`, else a reorder kernel producing it in `layout`.
    static func conform(_ value: Value, to layout: dnnl_memory_desc_t, context: DNNLContext,
                        scratchpad: Scratchpad) throws -> (value: Value, adapter: ReorderKernel?) {
        if sameLayout(value.layout, layout) { return (value, nil) }
        let adapter = try ReorderKernel(input: value, to: layout, context: context, scratchpad: scratchpad)
        return (adapter.output, adapter)
    }

    /// `value` in the plain row-major layout (reordered when it is blocked).
    static func plain(_ value: Value, context: DNNLContext, scratchpad: Scratchpad) throws -> (value: Value, adapter: ReorderKernel?) {
        try conform(value, to: try plainDescriptor(value.dims), context: context, scratchpad: scratchpad)
    }
}
