import XCTest

@testable import TLEngine
@testable import TLGraph

/// Narrow Swins built by the zoo's own builder against torchvision's `SwinTransformer` of the same sizes
/// (make_fixtures.py's `swin_mini`: padded, rolled and unrolled windows, patch merging over an odd side), with V1's
/// blocks and V2's: eval and train logits, the loss and every parameter's gradient.
final class SwinMiniGoldenTests: XCTestCase {
    /// 28x28 input, 2x2 patches, width 8, three stages of two blocks with 2, 2 and 4 heads, 4x4 windows, five classes.
    private func network(v2: Bool, training: Bool) throws -> (CompiledNetwork, ParameterStore, Golden) {
        let name = v2 ? "swin_v2_mini" : "swin_mini"
        let golden = try Golden("\(name).golden.safetensors")
        let model = SwinTransformer.model(
            name: name, patch: 2, width: 8, depths: [2, 2, 2], heads: [2, 2, 4], window: 4, stochasticDepth: 0, v2: v2)
        let (network, store) = try goldenNetwork(
            model.build(5), input: .image(3, 28, 28), batch: 4, trainable: training ? nil : [],
            weights: try Golden("\(name).weights.safetensors"), golden: golden)
        return (network, store, golden)
    }

    func testEvalLogitsOfAnEvaluationOnlyPlan() throws {
        for v2 in [false, true] {
            let (network, _, golden) = try network(v2: v2, training: false)
            network.forward(training: false)
            assertClose(network.output.values, golden.values("eval.logits"), "eval.logits (V2: \(v2))")
        }
    }

    /// V2's bias MLP gradients are sums over every pair of tokens of the scores' gradients, whose rows sum to zero: they
    /// cancel to within a few hundred float roundings of their terms, and differ from PyTorch's by up to 3e-4 of the
    /// largest; every other tensor (V1's bias tables too) agrees within 1e-4.
    func testTrainLogitsLossAndEveryGradient() throws {
        for v2 in [false, true] {
            let (network, store, golden) = try network(v2: v2, training: true)
            assertTrainingPassMatches(
                network, store: store, golden: golden, gradientTolerance: { $0.contains("cpb_mlp") ? 3e-4 : 1e-4 })
        }
    }
}
