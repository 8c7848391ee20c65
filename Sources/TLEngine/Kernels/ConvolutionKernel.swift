import CDNNL
import TLGraph

/// 2-D convolution on oneDNN: forward, input gradient and weight/bias gradients.
final class ConvolutionKernel: Kernel {
    let output: Value
    private let input: Value
    private let weight: Parameter
    private let bias: Parameter?
    private let trainsWeights: Bool
    private let forwardPrimitive: DNNLPrimitive
    private let backwardData: DNNLPrimitive?
    private let backwardWeights: DNNLPrimitive?

    init(_ op: Conv2dOp, input: Value, weight: Parameter, bias: Parameter?, outputDims: [Int],
         trainsWeights: Bool, context: DNNLContext, scratchpad: Scratchpad) throws {
        self.input = input
        self.weight = weight
        self.bias = bias
        self.trainsWeights = trainsWeights
        let backward = trainsWeights || input.needsGrad
        output = Value(dims: outputDims, needsGrad: backward)

        let c = input.dims[1]
        let outChannels = op.outChannels
        let weightDims = op.groups == 1
            ? [outChannels, c, op.kernel.0, op.kernel.1]
            : [op.groups, outChannels / op.groups, c / op.groups, op.kernel.0, op.kernel.1]
        var src = try plainDescriptor(input.dims), dst = try plainDescriptor(outputDims)
        var weights = try plainDescriptor(weightDims)
        let biasDesc = try plainDescriptor([outChannels])
        let window = WindowGeometry(kernel: op.kernel, stride: op.stride, padding: op.padding, dilation: op.dilation,
                                    input: input.dims, output: outputDims)
        let (strides, dilates, padLeft, padRight) = (window.strides, window.dilation, window.paddingLeft, window.paddingRight)

        var forwardDesc = dnnl_convolution_desc_t()
        try withOptionalPointer(bias == nil ? nil : biasDesc) { biasPointer in
            try dnnlCheck(dnnl_dilated_convolution_forward_desc_init(
                &forwardDesc, backward ? dnnl_forward_training : dnnl_forward_inference, dnnl_convolution_direct,
                &src, &weights, biasPointer, &dst, strides, dilates, padLeft, padRight), "convolution_forward_desc_init")
        }
        forwardPrimitive = try DNNLPrimitive(&forwardDesc, context: context, scratchpad: scratchpad)

        let srcMemory = try DNNLMemory(src, pointer: UnsafeMutableRawPointer(input.buffer.pointer), context: context)
        let dstMemory = try DNNLMemory(dst, pointer: UnsafeMutableRawPointer(output.buffer.pointer), context: context)
        let weightMemory = try DNNLMemory(weights, pointer: UnsafeMutableRawPointer(weight.value.pointer), context: context)
        var forwardArguments: [(Int32, DNNLMemory)] = [(DNNL_ARG_SRC, srcMemory), (DNNL_ARG_WEIGHTS, weightMemory), (DNNL_ARG_DST, dstMemory)]
        if let bias {
            forwardArguments.append((DNNL_ARG_BIAS, try DNNLMemory(biasDesc, pointer: UnsafeMutableRawPointer(bias.value.pointer), context: context)))
        }
        forwardPrimitive.bind(forwardArguments)

        if let inputGrad = input.grad, let outputGrad = output.grad {
            var dataDesc = dnnl_convolution_desc_t()
            try dnnlCheck(dnnl_dilated_convolution_backward_data_desc_init(
                &dataDesc, dnnl_convolution_direct, &src, &weights, &dst, strides, dilates, padLeft, padRight),
                "convolution_backward_data_desc_init")
            let primitive = try DNNLPrimitive(&dataDesc, hint: forwardPrimitive, context: context, scratchpad: scratchpad)
            primitive.bind([
                (DNNL_ARG_DIFF_SRC, try DNNLMemory(src, pointer: UnsafeMutableRawPointer(inputGrad.pointer), context: context)),
                (DNNL_ARG_WEIGHTS, weightMemory),
                (DNNL_ARG_DIFF_DST, try DNNLMemory(dst, pointer: UnsafeMutableRawPointer(outputGrad.pointer), context: context)),
            ])
            backwardData = primitive
        } else {
            backwardData = nil
        }

        if trainsWeights, let outputGrad = output.grad {
            var weightsDesc = dnnl_convolution_desc_t()
            try withOptionalPointer(bias == nil ? nil : biasDesc) { biasPointer in
                try dnnlCheck(dnnl_dilated_convolution_backward_weights_desc_init(
                    &weightsDesc, dnnl_convolution_direct, &src, &weights, biasPointer, &dst, strides, dilates, padLeft, padRight),
                    "convolution_backward_weights_desc_init")
            }
            let primitive = try DNNLPrimitive(&weightsDesc, hint: forwardPrimitive, context: context, scratchpad: scratchpad)
            var arguments: [(Int32, DNNLMemory)] = [
                (DNNL_ARG_SRC, srcMemory),
                (DNNL_ARG_DIFF_WEIGHTS, try DNNLMemory(weights, pointer: UnsafeMutableRawPointer(weight.grad.pointer), context: context)),
                (DNNL_ARG_DIFF_DST, try DNNLMemory(dst, pointer: UnsafeMutableRawPointer(outputGrad.pointer), context: context)),
            ]
            if let bias {
                arguments.append((DNNL_ARG_DIFF_BIAS, try DNNLMemory(biasDesc, pointer: UnsafeMutableRawPointer(bias.grad.pointer), context: context)))
            }
            primitive.bind(arguments)
            backwardWeights = primitive
        } else {
            backwardWeights = nil
        }
    }

    func forward(training: Bool) { forwardPrimitive.run() }

    func backward() {
        backwardWeights?.run()
        backwardData?.run()
    }
}

/// Calls `body` with a pointer to `value`, or with nil when there is no value (optional C descriptor arguments).
func withOptionalPointer<T, R>(_ value: T?, _ body: (UnsafePointer<T>?) throws -> R) rethrows -> R {
    guard var value else { return try body(nil) }
    return try withUnsafePointer(to: &value) { try body($0) }
}
