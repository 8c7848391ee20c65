import CDNNL

/// Changes a value's layout as a plan step: forward reorders the values, backward reorders the gradient back.
final class ReorderKernel: Kernel {
    let output: Value
    private let forwardReorder: Reorder
    private let backwardReorder: Reorder?

    /// A reorder of `input` into `layout`; the output's gradient is `gradient` when given, else a gradient slot.
    init(
        input: Value, to layout: dnnl_memory_desc_t, gradient: FloatBuffer? = nil, context: DNNLContext,
        memory: PlanMemory
    ) throws {
        let produced = try Value(
            dims: input.dims, layout: layout, needsGrad: input.needsGrad && gradient == nil, memory: memory)
        output =
            input.needsGrad && gradient != nil
            ? Value(dims: input.dims, layout: layout, buffer: produced.buffer, grad: gradient) : produced
        forwardReorder = try Reorder(
            from: input.layout, input.buffer, to: layout, output.buffer, context: context, memory: memory)
        if let inputGrad = input.grad, let outputGrad = output.grad {
            backwardReorder = try Reorder(
                from: layout, outputGrad, to: input.layout, inputGrad, context: context, memory: memory)
        } else {
            backwardReorder = nil
        }
    }

    func forward(training: Bool) { forwardReorder.run() }

    func backward() { backwardReorder?.run() }

    func forwardSteps() -> [PlanStep] { [forwardReorder.step] }

    func backwardSteps() -> [PlanStep] { backwardReorder.map { [$0.step] } ?? [] }

    /// `value` itself when it already has `layout`, else a reorder kernel producing it in `layout` (with
    /// `gradient` as the result's gradient when given).
    static func conform(
        _ value: Value, to layout: dnnl_memory_desc_t, gradient: FloatBuffer? = nil, context: DNNLContext,
        memory: PlanMemory
    ) throws -> (value: Value, adapter: ReorderKernel?) {
        if sameLayout(value.layout, layout) { return (value, nil) }
        let adapter = try ReorderKernel(input: value, to: layout, gradient: gradient, context: context, memory: memory)
        return (adapter.output, adapter)
    }

    /// `value` in the plain row-major layout (reordered when it is blocked).
    static func plain(_ value: Value, context: DNNLContext, memory: PlanMemory) throws -> (
        value: Value, adapter: ReorderKernel?
    ) {
        try conform(value, to: try plainDescriptor(value.dims), context: context, memory: memory)
    }
}
