import TLGraph

/// Swin V2's query, key and value bias with the keys' third left out (torchvision zeroes a copy of it in every
/// forward pass): forward copies the stacked bias into a stand-in the projection reads, its middle third zero;
/// backward (after the projection's) copies the stand-in's gradient back, the keys' third zero.
final class KeylessBiasKernel: Kernel {
    let output: Value
    /// The tensor the projection uses in place of the parameter.
    let standIn: Parameter
    private let bias: Parameter
    private let trains: Bool

    /// The stand-in for `bias` (3C: queries, keys, values).
    init(bias: Parameter, trains: Bool) throws {
        self.bias = bias
        self.trains = trains
        standIn = try Parameter(ParameterInfo(name: bias.name, shape: bias.shape))
        if trains { try standIn.allocateGradient() }
        output = Value(dims: bias.shape, layout: try plainDescriptor(bias.shape), buffer: standIn.value, grad: nil)
    }

    private var third: Int { bias.count / 3 }

    func forward(training: Bool) {
        standIn.value.pointer.update(from: bias.value.pointer, count: bias.count)
        (standIn.value.pointer + third).update(repeating: 0, count: third)
    }

    func backward() {
        guard trains else { return }
        bias.grad.pointer.update(from: standIn.grad.pointer, count: bias.count)
        (bias.grad.pointer + third).update(repeating: 0, count: third)
    }
}
