import TLGraph

/// A convolution and the BatchNorm after it, in an evaluation plan, as one convolution: before each forward pass the
/// BatchNorm's running statistics, scale and shift are folded into weights and a bias of the kernel's own,
/// W'[o] = W[o] · s[o] and b'[o] = (b[o] − mean[o]) · s[o] + β[o] with s[o] = γ[o] / √(var[o] + eps), so the
/// network's current tensors are always the ones used; the BatchNorm's primitive and its pass over the map are saved.
final class FoldedConvolutionKernel: Kernel {
    private let convolution: ConvolutionKernel
    private let weight: Parameter, bias: Parameter?
    private let scale: Parameter?, shift: Parameter?, mean: Parameter, variance: Parameter
    private let eps: Float
    private let foldedWeight: Parameter, foldedBias: Parameter

    var output: Value { convolution.output }

    /// The convolution `layer` (`op`) followed by `norm` (`normOp`), folded.
    init(
        _ op: Conv2dOp, layer: Layer, norm normOp: BatchNormOp, normLayer: Layer, input: Value,
        compiler: inout PlanCompiler
    ) throws {
        weight = try compiler.parameter(layer, "weight")
        bias = op.bias ? try compiler.parameter(layer, "bias") : nil
        scale = normOp.affine ? try compiler.parameter(normLayer, "weight") : nil
        shift = normOp.affine ? try compiler.parameter(normLayer, "bias") : nil
        mean = try compiler.parameter(normLayer, "running_mean")
        variance = try compiler.parameter(normLayer, "running_var")
        eps = Float(normOp.eps)
        foldedWeight = try Parameter(ParameterInfo(name: layer.name + ".folded_weight", shape: weight.shape))
        foldedBias = try Parameter(ParameterInfo(name: layer.name + ".folded_bias", shape: [op.outChannels]))
        var folded = op
        folded.bias = true
        convolution = try ConvolutionKernel(
            folded, input: input, weight: foldedWeight, bias: foldedBias, outputDims: try compiler.dims(normLayer),
            trainsWeights: false, context: compiler.context, memory: compiler.memory,
            weightsScratch: compiler.weightsScratch)
    }

    /// Computes the folded weights and bias from the network's tensors.
    private func fold() {
        let channels = foldedBias.count, perChannel = weight.count / channels
        let w = weight.value.pointer, folded = foldedWeight.value.pointer
        for o in 0..<channels {
            let s = (scale?.value.pointer[o] ?? 1) / (variance.value.pointer[o] + eps).squareRoot()
            for i in (o * perChannel)..<((o + 1) * perChannel) { folded[i] = w[i] * s }
            let b = bias?.value.pointer[o] ?? 0
            foldedBias.value.pointer[o] = (b - mean.value.pointer[o]) * s + (shift?.value.pointer[o] ?? 0)
        }
    }

    func forward(training: Bool) {
        fold()
        convolution.forward(training: training)
    }

    func backward() {}

    func forwardSteps() -> [PlanStep] {
        [.whole(run: { [self] _ in fold() }, uses: nil)] + convolution.forwardSteps()
    }

    func backwardSteps() -> [PlanStep] { [] }
}
