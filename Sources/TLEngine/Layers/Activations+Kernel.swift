import CDNNL
import TLGraph

extension ReLUOp: EltwiseLayer {
    package var eltwise: EltwiseFunction { EltwiseFunction(dnnl_eltwise_relu) }
}

extension LeakyReLUOp: EltwiseLayer {
    package var eltwise: EltwiseFunction { EltwiseFunction(dnnl_eltwise_relu, alpha: Float(slope)) }
}

extension ReLU6Op: EltwiseLayer {
    package var eltwise: EltwiseFunction { EltwiseFunction(dnnl_eltwise_clip_v2, beta: 6) }
}

/// oneDNN's hard swish forward is PyTorch's, x · min(max(x + 3, 0), 6) / 6 (its backward is a reference
/// implementation, so a layer of its own runs `HardActivationKernel`).
extension HardswishOp: ConvolutionPostOp {
    package var eltwise: EltwiseFunction { EltwiseFunction(dnnl_eltwise_hardswish) }
}

extension HardswishOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try HardActivationKernel(.hardswish, input: input, memory: compiler.memory)
    }
}

extension HardsigmoidOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try HardActivationKernel(.hardsigmoid, input: input, memory: compiler.memory)
    }
}

extension SiLUOp: EltwiseLayer {
    package var eltwise: EltwiseFunction { EltwiseFunction(dnnl_eltwise_swish, alpha: 1) }
}

extension GELUOp: EltwiseLayer {
    package var eltwise: EltwiseFunction { EltwiseFunction(tanh ? dnnl_eltwise_gelu_tanh : dnnl_eltwise_gelu_erf) }
}

extension SigmoidOp: EltwiseLayer {
    package var eltwise: EltwiseFunction { EltwiseFunction(dnnl_eltwise_logistic) }
}

extension TanhOp: EltwiseLayer {
    package var eltwise: EltwiseFunction { EltwiseFunction(dnnl_eltwise_tanh) }
}

extension SoftplusOp: EltwiseLayer {
    package var eltwise: EltwiseFunction { EltwiseFunction(dnnl_eltwise_soft_relu) }
}
