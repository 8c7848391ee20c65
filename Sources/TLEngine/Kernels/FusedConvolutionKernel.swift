import TLGraph

/// A convolution with the BatchNorm and the element-wise activation after it, in an evaluation plan, as one oneDNN
/// convolution. The BatchNorm is folded into weights and a bias of the kernel's own before each forward pass,
/// W'[o] = W[o] · s[o] and b'[o] = (b[o] − mean[o]) · s[o] + β[o] with s[o] = γ[o] / √(var[o] + eps), so the
/// network's current tensors are always the ones used; the activation is the convolution's post-op. The BatchNorm's
/// and the activation's passes over the map are saved. A convolution that ends a residual block's body adds its result
/// to the shortcut's in place (oneDNN's sum post-op), before the activation after the addition: the addition's pass
/// is saved too.
final class FusedConvolutionKernel: Kernel {
    private let convolution: ConvolutionKernel
    private let folding: Folding?

    /// The tensors a fold reads and the ones it writes.
    private struct Folding {
        let weight: Parameter, bias: Parameter?
        let scale: Parameter?, shift: Parameter?, mean: Parameter, variance: Parameter
        let eps: Float
        let foldedWeight: Parameter, foldedBias: Parameter
    }

    var output: Value { convolution.output }

    /// The convolution `layer` (`op`), followed by `norm` (its settings and layer) and `activation` where given; with
    /// `target`, the result is added to it in place where the convolution's layout allows (see `ConvolutionKernel`).
    init(
        _ op: Conv2dOp, layer: Layer, norm: (op: BatchNormOp, layer: Layer)?, activation: EltwiseFunction?,
        accumulatingInto target: Value?, input: Value, compiler: inout PlanCompiler
    ) throws {
        let weight = try compiler.parameter(layer, "weight")
        let bias = op.bias ? try compiler.parameter(layer, "bias") : nil
        var convolutionOp = op
        if let (normOp, normLayer) = norm {
            folding = Folding(
                weight: weight, bias: bias, scale: normOp.affine ? try compiler.parameter(normLayer, "weight") : nil,
                shift: normOp.affine ? try compiler.parameter(normLayer, "bias") : nil,
                mean: try compiler.parameter(normLayer, "running_mean"),
                variance: try compiler.parameter(normLayer, "running_var"), eps: Float(normOp.eps),
                foldedWeight: try Parameter(ParameterInfo(name: layer.name + ".folded_weight", shape: weight.shape)),
                foldedBias: try Parameter(ParameterInfo(name: layer.name + ".folded_bias", shape: [op.outChannels])))
            convolutionOp.bias = true
        } else {
            folding = nil
        }
        convolution = try ConvolutionKernel(
            convolutionOp, input: input, weight: folding?.foldedWeight ?? weight, bias: folding?.foldedBias ?? bias,
            outputDims: try compiler.dims(layer), trainsWeights: false, postOp: activation, accumulatingInto: target,
            context: compiler.context, memory: compiler.memory, weightsScratch: compiler.weightsScratch)
    }

    /// Computes the folded weights and bias from the network's tensors.
    private func fold() {
        guard let f = folding else { return }
        let channels = f.foldedBias.count, perChannel = f.weight.count / channels
        let w = f.weight.value.pointer, folded = f.foldedWeight.value.pointer
        for o in 0..<channels {
            let s = (f.scale?.value.pointer[o] ?? 1) / (f.variance.value.pointer[o] + f.eps).squareRoot()
            for i in (o * perChannel)..<((o + 1) * perChannel) { folded[i] = w[i] * s }
            let b = f.bias?.value.pointer[o] ?? 0
            f.foldedBias.value.pointer[o] = (b - f.mean.value.pointer[o]) * s + (f.shift?.value.pointer[o] ?? 0)
        }
    }

    func forward(training: Bool) {
        fold()
        convolution.forward(training: training)
    }

    func backward() {}

    func forwardSteps() -> [PlanStep] {
        (folding == nil ? [] : [.whole(run: { [self] _ in fold() }, uses: nil)]) + convolution.forwardSteps()
    }

    func backwardSteps() -> [PlanStep] { [] }
}
