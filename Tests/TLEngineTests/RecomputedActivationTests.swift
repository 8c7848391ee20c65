import XCTest

@testable import TLEngine
@testable import TLGraph

/// An activation that a training plan computes again in backward (`RecomputedActivationKernel`) gives the gradients
/// that keeping its result gives, at a size where the plan cuts the element-wise passes into slices.
final class RecomputedActivationTests: XCTestCase {
    /// The same block twice: once with the activation feeding the layer after it (computed again), once with a layer
    /// scale of 1 between them (the activation's result kept); every shared tensor's gradient and the input's agree.
    func testComputedAgainAndKeptGiveTheSameGradients() throws {
        let cases: [(Layer, any LayerOperation, Layer)] = [
            (
                Layer("block.fc1", PointwiseLinearOp(outFeatures: 128)), GELUOp(),
                Layer("block.fc2", PointwiseLinearOp(outFeatures: 32))
            ),
            (L.conv("block.fc1", 128, k: 1), HardswishOp(), L.conv("block.fc2", 32, k: 1)),
            (L.conv("block.fc1", 128, k: 1), SiLUOp(), L.conv("block.fc2", 32, k: 3, p: 1, g: 32)),
        ]
        for (producer, activation, consumer) in cases {
            let recomputed = try gradients([producer], activation, [consumer], keeping: false)
            let kept = try gradients([producer], activation, [consumer], keeping: true)
            XCTAssertEqual(Set(recomputed.keys), Set(kept.keys))
            for (name, gradient) in recomputed {
                let reference = try XCTUnwrap(kept[name])
                let largest = reference.map(abs).max() ?? 0
                XCTAssertGreaterThan(largest, 0, "\(activation.kind) \(name): no gradient reached it")
                for (a, b) in zip(gradient, reference) {
                    XCTAssertEqual(a, b, accuracy: 1e-5 * max(largest, 1), "\(activation.kind) \(name)")
                }
            }
        }
    }

    /// The trainable tensors' and the input's gradients after one training step of a residual block on 8 images of
    /// 32x16x16 (the activation's input, 8x128x16x16, is cut into slices), with a layer scale of 1 after the activation
    /// where `keeping`.
    private func gradients(
        _ before: [Layer], _ activation: any LayerOperation, _ after: [Layer], keeping: Bool
    ) throws -> [String: [Float]] {
        let body =
            before + [Layer("block.act", activation)]
            + (keeping ? [Layer("block.keep", LayerScaleOp(initial: 1))] : []) + after
        let layers = [
            L.conv("stem", 32, k: 1),
            Layer("block", ResidualOp(body: body, shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false)),
            Layer("pool", GlobalAvgPoolOp()), L.linear("fc", 3),
        ]
        let network = try CompiledNetwork(
            layers: layers, input: .image(3, 16, 16), batchSize: 8, store: try ParameterStore(layers: [], seed: 5),
            seed: 9, inputGradient: true)
        fill(network, seed: 3)
        network.forward(training: true)
        network.lossAndBackward()
        var gradients = Dictionary(
            uniqueKeysWithValues: network.trainableParameters.filter { !$0.name.hasPrefix("block.keep") }
                .map { ($0.name, $0.grad.array) })
        gradients["input"] = network.input.grad?.array
        return gradients
    }
}
