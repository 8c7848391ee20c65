import TLGraph

/// PyTorch's default initialisation, seeded per parameter name (same seed → same weights, in any order).
enum Initializer {
    /// Fills `parameter` of `layer` the way `torch.nn` initialises a fresh module.
    static func initialize(_ parameter: Parameter, layer: Layer, seed: UInt64) {
        let values = parameter.value
        var random = SeededRandom(seed: seed, stream: parameter.name)
        let suffix = parameter.name.split(separator: ".").last ?? ""
        switch (layer.op, suffix) {
        case (.conv2d, _), (.linear, _):
            // kaiming_uniform_(a=√5) for weights and U(±1/√fan_in) for biases share the bound 1/√fan_in.
            let bound = 1 / Float(fanIn(layer)).squareRoot()
            for i in 0..<values.count { values.pointer[i] = random.uniform(-bound, bound) }
        case (_, "weight"), (_, "running_var"):
            for i in 0..<values.count { values.pointer[i] = 1 }
        default:
            values.zero()
        }
    }

    /// Inputs feeding one output of a convolution or linear layer.
    static func fanIn(_ layer: Layer) -> Int {
        switch layer.op {
        case .conv2d(let conv): return max(1, (conv.inChannels ?? 1) / conv.groups * conv.kernel.0 * conv.kernel.1)
        case .linear(let linear): return max(1, linear.inFeatures ?? 1)
        default: return 1
        }
    }
}
