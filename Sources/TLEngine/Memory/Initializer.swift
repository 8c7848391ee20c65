import TLGraph

/// torch.nn's default initialisation, or a zoo family's own, seeded per parameter name (same seed → same weights, in
/// any order).
enum Initializer {
    /// Fills `parameter` as its layer type declares (`ParameterInfo.initial`), the way `torch.nn` initialises a fresh module.
    static func initialize(_ parameter: Parameter, as initial: InitialValue, seed: UInt64) {
        let values = parameter.value
        switch initial {
        case .uniform(let fanIn):
            var random = SeededRandom(seed: seed, stream: parameter.name)
            let bound = 1 / Float(fanIn).squareRoot()
            for i in 0..<values.count { values.pointer[i] = random.uniform(-bound, bound) }
        case .ones:
            for i in 0..<values.count { values.pointer[i] = 1 }
        case .zeros:
            values.zero()
        case .filled(let value):
            for i in 0..<values.count { values.pointer[i] = Float(value) }
        case .uniformWithin(let bound):
            var random = SeededRandom(seed: seed, stream: parameter.name)
            for i in 0..<values.count { values.pointer[i] = random.uniform(-Float(bound), Float(bound)) }
        case .normal(let std, let bound):
            var random = SeededRandom(seed: seed, stream: parameter.name)
            for i in 0..<values.count {
                var value: Double
                repeat { value = random.standardNormal() * std } while bound.map { abs(value) > $0 } ?? false
                values.pointer[i] = Float(value)
            }
        }
    }
}
