/// Hard swish and hard sigmoid, element by element over the value's buffer on tlrun's threads (this oneDNN has no hard
/// sigmoid, and its hard swish backward is a reference implementation), as PyTorch computes them: hardsigmoid(x) =
/// min(max(x + 3, 0), 6) / 6 with gradient 1/6 strictly between -3 and 3, hardswish(x) = x · hardsigmoid(x) with
/// gradient 0 below -3, 1 above 3 and (2x + 3) / 6 between (both ends in the middle piece, as PyTorch's backward).
final class HardActivationKernel: Kernel, SharedWork {
    /// Which function.
    enum Function {
        case hardswish
        case hardsigmoid
    }

    let output: Value
    private let input: Value
    private let function: Function
    /// Whether `run(slice:of:thread:)` computes forward (else backward).
    private var forwardPass = true

    /// The function of `input` into a value of the same layout (in shared scratch with `transient`, see
    /// `RecomputedActivationKernel`).
    init(_ function: Function, input: Value, transient: Bool = false, memory: PlanMemory) throws {
        self.function = function
        self.input = input
        output =
            transient
            ? try memory.transientValue(
                dims: input.dims, layout: input.layout, needsGrad: input.needsGrad, role: .recomputedActivation)
            : try Value(dims: input.dims, layout: input.layout, needsGrad: input.needsGrad, memory: memory)
    }

    func forward(training: Bool) {
        forwardPass = true
        ComputeThreads.share(self)
    }

    func backward() {
        guard input.grad != nil, output.grad != nil else { return }
        forwardPass = false
        ComputeThreads.share(self)
    }

    func run(slice: Int, of slices: Int, thread: Int) {
        let elements = Self.range(of: output.buffer.count, slice: slice, slices: slices)
        let x = input.buffer.pointer
        if forwardPass {
            let y = output.buffer.pointer
            switch function {
            case .hardsigmoid: for i in elements { y[i] = min(max(x[i] + 3, 0), 6) / 6 }
            case .hardswish: for i in elements { y[i] = x[i] * min(max(x[i] + 3, 0), 6) / 6 }
            }
        } else if let dx = input.grad?.pointer, let dy = output.grad?.pointer {
            switch function {
            case .hardsigmoid:
                for i in elements { dx[i] = x[i] > -3 && x[i] < 3 ? dy[i] / 6 : 0 }
            case .hardswish:
                for i in elements { dx[i] = x[i] < -3 ? 0 : x[i] <= 3 ? dy[i] * (2 * x[i] + 3) / 6 : dy[i] }
            }
        }
    }
}
