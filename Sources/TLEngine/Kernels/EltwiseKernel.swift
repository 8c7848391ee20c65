import CDNNL

/// An element-wise activation on oneDNN (ReLU, leaky ReLU, GELU) with its backward pass.
final class EltwiseKernel: Kernel {
    let output: Value
    private let forwardPrimitive: DNNLPrimitive
    private let backwardPrimitive: DNNLPrimitive?

    /// `algorithm` is a oneDNN eltwise kind; `alpha` its parameter (the negative slope for ReLU).
    init(algorithm: dnnl_alg_kind_t, alpha: Float, input: Value, context: DNNLContext, scratchpad: Scratchpad) throws {
        output = Value(dims: input.dims, layout: input.layout, needsGrad: input.needsGrad)
        var data = input.layout
        var forwardDesc = dnnl_eltwise_desc_t()
        try dnnlCheck(dnnl_eltwise_forward_desc_init(&forwardDesc, input.needsGrad ? dnnl_forward_training : dnnl_forward_inference,
                                                     algorithm, &data, alpha, 0), "eltwise_forward_desc_init")
        forwardPrimitive = try DNNLPrimitive(&forwardDesc, context: context, scratchpad: scratchpad)
        let source = try DNNLMemory(data, pointer: UnsafeMutableRawPointer(input.buffer.pointer), context: context)
        forwardPrimitive.bind([(DNNL_ARG_SRC, source),
                               (DNNL_ARG_DST, try DNNLMemory(data, pointer: UnsafeMutableRawPointer(output.buffer.pointer), context: context))])
        guard let inputGrad = input.grad, let outputGrad = output.grad else {
            backwardPrimitive = nil
            return
        }
        var backwardDesc = dnnl_eltwise_desc_t()
        try dnnlCheck(dnnl_eltwise_backward_desc_init(&backwardDesc, algorithm, &data, &data, alpha, 0), "eltwise_backward_desc_init")
        let primitive = try DNNLPrimitive(&backwardDesc, hint: forwardPrimitive, context: context, scratchpad: scratchpad)
        primitive.bind([
            (DNNL_ARG_SRC, source),
            (DNNL_ARG_DIFF_DST, try DNNLMemory(data, pointer: UnsafeMutableRawPointer(outputGrad.pointer), context: context)),
            (DNNL_ARG_DIFF_SRC, try DNNLMemory(data, pointer: UnsafeMutableRawPointer(inputGrad.pointer), context: context)),
        ])
        backwardPrimitive = primitive
    }

    func forward(training: Bool) { forwardPrimitive.run() }

    func backward() { backwardPrimitive?.run() }
}
