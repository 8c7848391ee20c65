import CDNNL
import TLGraph

/// A fully connected layer on oneDNN's inner product (plain N×F input): forward, input gradient and weight/bias gradients.
final class LinearKernel: Kernel {
    let output: Value
    private let forwardPrimitive: DNNLPrimitive
    private let backwardData: DNNLPrimitive?
    private let backwardWeights: DNNLPrimitive?

    /// The layer `op` of `input`; with `transient`, its output is read only by the next kernel's forward pass (see
    /// `PlanMemory.transientValue`).
    init(
        _ op: LinearOp, input: Value, weight: Parameter, bias: Parameter?, trainsWeights: Bool,
        transient: ScratchRole? = nil, context: DNNLContext, memory: PlanMemory
    ) throws {
        let n = input.dims[0], features = input.count / input.dims[0]
        let backward = trainsWeights || input.needsGrad
        let outputDims = [n, op.outFeatures]
        output =
            try transient.map {
                try memory.transientValue(
                    dims: outputDims, layout: try plainDescriptor(outputDims), needsGrad: backward, role: $0)
            } ?? Value(dims: outputDims, needsGrad: backward, memory: memory)
        var src = try plainDescriptor([n, features]), dst = try plainDescriptor(output.dims)
        var weights = try plainDescriptor([op.outFeatures, features])
        let biasDesc = try plainDescriptor([op.outFeatures])

        var forwardDesc = dnnl_inner_product_desc_t()
        try withOptionalPointer(bias == nil ? nil : biasDesc) { biasPointer in
            try dnnlCheck(
                dnnl_inner_product_forward_desc_init(
                    &forwardDesc, backward ? dnnl_forward_training : dnnl_forward_inference, &src, &weights,
                    biasPointer, &dst),
                "inner_product_forward_desc_init")
        }
        forwardPrimitive = try DNNLPrimitive(&forwardDesc, context: context, memory: memory)
        let srcMemory = try DNNLMemory(src, pointer: UnsafeMutableRawPointer(input.buffer.pointer), context: context)
        let weightMemory = try DNNLMemory(
            weights, pointer: UnsafeMutableRawPointer(weight.value.pointer), context: context)
        var arguments: [(Int32, DNNLMemory)] = [
            (DNNL_ARG_SRC, srcMemory), (DNNL_ARG_WEIGHTS, weightMemory),
            (
                DNNL_ARG_DST,
                try DNNLMemory(dst, pointer: UnsafeMutableRawPointer(output.buffer.pointer), context: context)
            ),
        ]
        if let bias {
            arguments.append(
                (
                    DNNL_ARG_BIAS,
                    try DNNLMemory(biasDesc, pointer: UnsafeMutableRawPointer(bias.value.pointer), context: context)
                ))
        }
        forwardPrimitive.bind(arguments)

        let diffDst = try output.grad.map {
            try DNNLMemory(dst, pointer: UnsafeMutableRawPointer($0.pointer), context: context)
        }
        if let inputGrad = input.grad, let diffDst {
            var dataDesc = dnnl_inner_product_desc_t()
            try dnnlCheck(
                dnnl_inner_product_backward_data_desc_init(&dataDesc, &src, &weights, &dst),
                "inner_product_backward_data_desc_init")
            let primitive = try DNNLPrimitive(&dataDesc, hint: forwardPrimitive, context: context, memory: memory)
            primitive.bind([
                (
                    DNNL_ARG_DIFF_SRC,
                    try DNNLMemory(src, pointer: UnsafeMutableRawPointer(inputGrad.pointer), context: context)
                ),
                (DNNL_ARG_WEIGHTS, weightMemory), (DNNL_ARG_DIFF_DST, diffDst),
            ])
            backwardData = primitive
        } else {
            backwardData = nil
        }
        if trainsWeights, let diffDst {
            backwardWeights = try Self.weightGradient(
                src: src, weights: weights, dst: dst, biasDesc: bias == nil ? nil : biasDesc, srcMemory: srcMemory,
                diffDst: diffDst, weight: weight, bias: bias, forward: forwardPrimitive, context: context,
                memory: memory)
        } else {
            backwardWeights = nil
        }
    }

    /// The weight (and bias) gradient's primitive, bound to `weight`'s and `bias`'s gradients.
    private static func weightGradient(
        src: dnnl_memory_desc_t, weights: dnnl_memory_desc_t, dst: dnnl_memory_desc_t, biasDesc: dnnl_memory_desc_t?,
        srcMemory: DNNLMemory, diffDst: DNNLMemory, weight: Parameter, bias: Parameter?, forward: DNNLPrimitive,
        context: DNNLContext, memory: PlanMemory
    ) throws -> DNNLPrimitive {
        var src = src, weights = weights, dst = dst
        var weightsDesc = dnnl_inner_product_desc_t()
        try withOptionalPointer(biasDesc) { biasPointer in
            try dnnlCheck(
                dnnl_inner_product_backward_weights_desc_init(&weightsDesc, &src, &weights, biasPointer, &dst),
                "inner_product_backward_weights_desc_init")
        }
        let primitive = try DNNLPrimitive(&weightsDesc, hint: forward, context: context, memory: memory)
        var weightArguments: [(Int32, DNNLMemory)] = [
            (DNNL_ARG_SRC, srcMemory), (DNNL_ARG_DIFF_DST, diffDst),
            (
                DNNL_ARG_DIFF_WEIGHTS,
                try DNNLMemory(weights, pointer: UnsafeMutableRawPointer(weight.grad.pointer), context: context)
            ),
        ]
        if let bias, let biasDesc {
            weightArguments.append(
                (
                    DNNL_ARG_DIFF_BIAS,
                    try DNNLMemory(biasDesc, pointer: UnsafeMutableRawPointer(bias.grad.pointer), context: context)
                ))
        }
        primitive.bind(weightArguments)
        return primitive
    }

    func forward(training: Bool) { forwardPrimitive.run() }

    func backward() {
        backwardWeights?.run()
        backwardData?.run()
    }
}
