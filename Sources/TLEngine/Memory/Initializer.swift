import TLGraph

/// torch.nn's default initialisation, or a zoo family's own, seeded per parameter name (same seed → same weights, in
/// any order).
enum Initializer {
    /// Fills `parameter` as its layer type declares (`ParameterInfo.initial`), the way `torch.nn` initialises a fresh module.
    static func initialize(_ parameter: Parameter, as initial: InitialValue, seed: UInt64) {
        let values = parameter.value
        switch initial {
        case .uniform(let fanIn):
            fillUniform(parameter, within: 1 / Float(fanIn).squareRoot(), seed: seed)
        case .ones:
            for i in 0..<values.count { values.pointer[i] = 1 }
        case .zeros:
            values.zero()
        case .filled(let value):
            for i in 0..<values.count { values.pointer[i] = Float(value) }
        case .uniformWithin(let bound):
            fillUniform(parameter, within: Float(bound), seed: seed)
        case .normal(let std, let bound):
            var random = SeededRandom(seed: seed, stream: parameter.name)
            for i in 0..<values.count {
                var value: Double
                repeat { value = random.standardNormal() * std } while bound.map { abs(value) > $0 } ?? false
                values.pointer[i] = Float(value)
            }
        case .values(let given):
            values.copy(from: given)
        }
    }

    /// Fills `parameter` uniformly in ±`bound`, from its own seeded stream.
    private static func fillUniform(_ parameter: Parameter, within bound: Float, seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: parameter.name)
        for i in 0..<parameter.value.count { parameter.value.pointer[i] = random.uniform(-bound, bound) }
    }
}
