import CDNNL
import TLGraph

/// Layer normalisation over the channels at each position, on oneDNN with the map channels-last (rows of C values):
/// forward (keeping each row's mean and variance in training), the input gradient, and the scale's and shift's
/// gradients. The result is channels-last.
final class LayerNormKernel: PrimitiveKernel {
    let output: Value
    let adapter: ReorderKernel?
    let forwardPrimitive: DNNLPrimitive
    let backwardPrimitive: DNNLPrimitive?
    /// Buffers for what oneDNN's backward pass always writes but nothing reads (the gradient of an input that needs
    /// none, or of a frozen scale and shift), and the row statistics; kept alive with the kernel.
    private let owned: [FloatBuffer]

    init(
        _ op: LayerNormOp, input given: Value, weight: Parameter, bias: Parameter, trainsWeights: Bool,
        context: DNNLContext, memory: PlanMemory
    ) throws {
        let (input, adapter) = try ChannelsLast.conform(given, context: context, memory: memory)
        self.adapter = adapter
        let rows = try ChannelsLast.rows(input)
        let backward = trainsWeights || input.needsGrad
        let result = try Value(dims: rows.dims, needsGrad: backward, memory: memory)
        output = try ChannelsLast.image(result, dims: input.dims)
        let (positions, channels) = (rows.dims[0], rows.dims[1])
        var data = try plainDescriptor(rows.dims), statistics = try plainDescriptor([positions])
        let vector = try plainDescriptor([channels])
        let flags = dnnl_use_scale.rawValue | dnnl_use_shift.rawValue, eps = Float(op.eps)
        var forwardDesc = dnnl_layer_normalization_desc_t()
        try dnnlCheck(
            dnnl_layer_normalization_forward_desc_init(
                &forwardDesc, backward ? dnnl_forward_training : dnnl_forward_inference, &data, &statistics, eps,
                flags), "layer_normalization_forward_desc_init")
        forwardPrimitive = try DNNLPrimitive(&forwardDesc, context: context, memory: memory)
        var arguments = [
            (DNNL_ARG_SRC, try rows.memory(context)), (DNNL_ARG_DST, try result.memory(context)),
            (DNNL_ARG_SCALE, try DNNLMemory(vector, buffer: weight.value, context: context)),
            (DNNL_ARG_SHIFT, try DNNLMemory(vector, buffer: bias.value, context: context)),
        ]
        guard backward, let outputGrad = result.grad else {
            forwardPrimitive.bind(arguments)
            backwardPrimitive = nil
            owned = []
            return
        }
        let mean = try FloatBuffer(count: positions), variance = try FloatBuffer(count: positions)
        let rowStatistics = [
            (DNNL_ARG_MEAN, try DNNLMemory(statistics, buffer: mean, context: context)),
            (DNNL_ARG_VARIANCE, try DNNLMemory(statistics, buffer: variance, context: context)),
        ]
        arguments += rowStatistics
        forwardPrimitive.bind(arguments)
        var spare: [FloatBuffer] = [mean, variance]
        func orSpare(_ buffer: FloatBuffer?, count: Int) throws -> FloatBuffer {
            if let buffer { return buffer }
            spare.append(try FloatBuffer(count: count))
            return spare[spare.count - 1]
        }
        var backwardDesc = dnnl_layer_normalization_desc_t()
        try dnnlCheck(
            dnnl_layer_normalization_backward_desc_init(
                &backwardDesc, dnnl_backward, &data, &data, &statistics, eps, flags),
            "layer_normalization_backward_desc_init")
        let primitive = try DNNLPrimitive(&backwardDesc, hint: forwardPrimitive, context: context, memory: memory)
        primitive.bind(
            arguments.filter { $0.0 != DNNL_ARG_DST } + [
                (DNNL_ARG_DIFF_DST, try DNNLMemory(data, buffer: outputGrad, context: context)),
                (
                    DNNL_ARG_DIFF_SRC,
                    try DNNLMemory(data, buffer: try orSpare(rows.grad, count: rows.count), context: context)
                ),
                (
                    DNNL_ARG_DIFF_SCALE,
                    try DNNLMemory(
                        vector, buffer: try orSpare(trainsWeights ? weight.grad : nil, count: channels),
                        context: context)
                ),
                (
                    DNNL_ARG_DIFF_SHIFT,
                    try DNNLMemory(
                        vector, buffer: try orSpare(trainsWeights ? bias.grad : nil, count: channels), context: context)
                ),
            ])
        backwardPrimitive = primitive
        owned = spare
    }
}
