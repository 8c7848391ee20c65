import CDNNL
import TLGraph

extension ReLUOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try EltwiseKernel(
            algorithm: dnnl_eltwise_relu, alpha: 0, input: input, inPlace: overwritable,
            context: compiler.context, memory: compiler.memory)
    }
}

extension LeakyReLUOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try EltwiseKernel(
            algorithm: dnnl_eltwise_relu, alpha: Float(slope), input: input, inPlace: overwritable,
            context: compiler.context, memory: compiler.memory)
    }
}

extension ReLU6Op: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try EltwiseKernel(
            algorithm: dnnl_eltwise_clip_v2, alpha: 0, beta: 6, input: input, inPlace: false,
            context: compiler.context, memory: compiler.memory)
    }
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

extension SiLUOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try EltwiseKernel(
            algorithm: dnnl_eltwise_swish, alpha: 1, input: input, inPlace: false, context: compiler.context,
            memory: compiler.memory)
    }
}

extension GELUOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try EltwiseKernel(
            algorithm: tanh ? dnnl_eltwise_gelu_tanh : dnnl_eltwise_gelu_erf, alpha: 0, input: input,
            inPlace: false, context: compiler.context, memory: compiler.memory)
    }
}

extension SigmoidOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try EltwiseKernel(
            algorithm: dnnl_eltwise_logistic, alpha: 0, input: input, inPlace: false,
            context: compiler.context, memory: compiler.memory)
    }
}

extension TanhOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try EltwiseKernel(
            algorithm: dnnl_eltwise_tanh, alpha: 0, input: input, inPlace: false,
            context: compiler.context, memory: compiler.memory)
    }
}

extension SoftplusOp: KernelLayer {
    package func kernel(for layer: Layer, input: Value, overwritable: Bool, compiler: inout PlanCompiler) throws
        -> Kernel?
    {
        try EltwiseKernel(
            algorithm: dnnl_eltwise_soft_relu, alpha: 0, input: input, inPlace: false,
            context: compiler.context, memory: compiler.memory)
    }
}
