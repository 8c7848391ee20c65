import TLGraph

/// torch.nn.Linear at every position of an N×C×H×W map: the map channels-last, seen as rows of C values, through
/// `LinearKernel`; the result is channels-last too, so the layers of a ConvNeXt block pass it on without reorders.
final class PointwiseLinearKernel: Kernel {
    let output: Value
    private let adapter: ReorderKernel?
    private let linear: LinearKernel

    init(
        _ op: PointwiseLinearOp, input given: Value, weight: Parameter, bias: Parameter?, trainsWeights: Bool,
        context: DNNLContext, memory: PlanMemory
    ) throws {
        let (input, adapter) = try ChannelsLast.conform(given, context: context, memory: memory)
        self.adapter = adapter
        linear = try LinearKernel(
            LinearOp(outFeatures: op.outFeatures, inFeatures: input.dims[1]), input: try ChannelsLast.rows(input),
            weight: weight, bias: bias, trainsWeights: trainsWeights, context: context, memory: memory)
        var dims = input.dims
        dims[1] = op.outFeatures
        output = try ChannelsLast.image(linear.output, dims: dims)
    }

    func forward(training: Bool) {
        adapter?.forward(training: training)
        linear.forward(training: training)
    }

    func backward() {
        linear.backward()
        adapter?.backward()
    }
}
