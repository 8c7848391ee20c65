import Foundation
import TLGraph
import XCTest

@testable import TLEngine

/// Short constructors for test networks.
enum L {
    static func conv(
        _ name: String, _ out: Int, k: Int = 3, s: Int = 1, p: Int = 0, d: Int = 1, g: Int = 1, bias: Bool = true
    ) -> Layer {
        Layer(
            name,
            Conv2dOp(
                outChannels: out, inChannels: nil, kernel: (k, k), stride: (s, s), padding: (p, p),
                dilation: (d, d), groups: g, bias: bias))
    }
    static func linear(_ name: String, _ out: Int, bias: Bool = true) -> Layer {
        Layer(name, LinearOp(outFeatures: out, inFeatures: nil, bias: bias))
    }
    static func maxPool(_ name: String, k: Int, s: Int, p: Int = 0, d: Int = 1, ceil: Bool = false) -> Layer {
        Layer(
            name,
            MaxPool2dOp(PoolWindow(kernel: (k, k), stride: (s, s), padding: (p, p), dilation: (d, d), ceilMode: ceil)))
    }
    static func avgPool(_ name: String, k: Int, s: Int, p: Int = 0, ceil: Bool = false, includePad: Bool = true)
        -> Layer
    {
        Layer(
            name,
            AvgPool2dOp(
                PoolWindow(kernel: (k, k), stride: (s, s), padding: (p, p), ceilMode: ceil, countIncludePad: includePad)
            ))
    }
    static func bn2d(_ name: String) -> Layer { Layer(name, BatchNormOp()) }
    static func bn1d(_ name: String) -> Layer { Layer(name, BatchNormOp(spatial: false)) }
    static let flatten = Layer("flatten", FlattenOp())
}

/// Deterministic pseudo-random floats in [-1, 1).
func randomValues(_ count: Int, seed: UInt64) -> [Float] {
    var random = SeededRandom(seed: seed)
    return (0..<count).map { _ in random.uniform(-1, 1) }
}

/// Fills a network's input and labels with seeded values.
func fill(_ network: CompiledNetwork, seed: UInt64) {
    network.input.buffer.copy(from: randomValues(network.input.count, seed: seed))
    let classes = network.output.dims[1]
    for i in 0..<network.batchSize { network.labels[i] = Int32((i * 7 + Int(seed)) % classes) }
}

/// Compares analytic gradients with central finite differences of the loss for sampled entries of every
/// trainable parameter and of the input.
///
/// With `distinct`, the inputs are a shuffled evenly spaced sequence and the step is small, so that max pooling
/// never sees two values close enough for the step to change which one wins. The tensors named in `randomized` are
/// filled with random values instead of their initial ones (a class token that starts at zero would leave its
/// LayerNorm without variance).
func assertGradientsMatchFiniteDifferences(
    _ layers: [Layer], input: TensorShape, batch: Int = 3, samples: Int = 12,
    tolerance: Float = 2e-2, distinct: Bool = false, randomized: [String] = [],
    file: StaticString = #filePath, line: UInt = #line
) throws {
    let store = try ParameterStore(layers: [], seed: 5)
    let network = try CompiledNetwork(
        layers: layers, input: input, batchSize: batch, store: store, seed: 9, inputGradient: true)
    fill(network, seed: 3)
    for (index, name) in randomized.enumerated() {
        let parameter = try XCTUnwrap(store[name], file: file, line: line)
        parameter.value.copy(from: randomValues(parameter.count, seed: UInt64(20 + index)))
    }
    if distinct {
        var random = SeededRandom(seed: 11)
        let count = network.input.count
        network.input.buffer.copy(from: (0..<count).map { Float($0) / Float(count) * 2 - 1 }.shuffled(using: &random))
    }
    let dropoutStates = network.dropouts.map(\.random)
    func loss() -> Double {
        for (kernel, state) in zip(network.dropouts, dropoutStates) { kernel.random = state }
        network.forward(training: true)
        return network.loss()
    }
    for (kernel, state) in zip(network.dropouts, dropoutStates) { kernel.random = state }
    network.forward(training: true)
    network.lossAndBackward()
    var checks: [(String, FloatBuffer, FloatBuffer)] = network.trainableParameters.map { ($0.name, $0.value, $0.grad) }
    checks.append(("input", network.input.buffer, network.input.grad!))
    let analytic = checks.map { ($0.0, $0.1, $0.2.array) }
    XCTAssertFalse(
        network.trainableParameters.isEmpty, "a gradient check needs something that trains", file: file, line: line)
    for (name, values, gradient) in analytic {
        var random = SeededRandom(seed: UInt64(name.count))
        for _ in 0..<min(samples, values.count) {
            let i = Int(random.next() % UInt64(values.count))
            let original = values.pointer[i]
            // With distinct inputs the step stays clear of kinks; at 5e-4 the loss's Float32 rounding (which differs with
            // the kernels a CPU runs) moves the quotient by well under the tolerance.
            let h = distinct ? Float(5e-4) : max(Float(1e-2), abs(original) * 1e-2)
            values.pointer[i] = original + h
            let plus = loss()
            values.pointer[i] = original - h
            let minus = loss()
            values.pointer[i] = original
            let numeric = Float((plus - minus) / Double(2 * h))
            // Below this size a gradient is dominated by Float32 rounding of the loss over the small step.
            let floor: Float = distinct ? 3e-2 : 1e-2
            let scale = max(abs(numeric), abs(gradient[i]), floor)
            XCTAssertLessThanOrEqual(
                abs(numeric - gradient[i]) / scale, tolerance,
                "\(name)[\(i)]: analytic \(gradient[i]) vs numeric \(numeric)", file: file, line: line)
        }
    }
}
