import XCTest

@testable import TLEngine
@testable import TLGraph

/// A narrow ViT built by the zoo's own builder against torchvision's `VisionTransformer` of the same sizes
/// (make_fixtures.py's `vit_mini`): eval and train logits, the loss and every parameter's gradient.
final class VisionTransformerMiniGoldenTests: XCTestCase {
    private var golden: Golden!
    private var weights: Golden!

    override func setUpWithError() throws {
        golden = try Golden("vit_mini.golden.safetensors")
        weights = try Golden("vit_mini.weights.safetensors")
    }

    /// 16x16 input, 4x4 patches, two encoder blocks of two heads, width 8, MLP width 16, five classes.
    private func network(training: Bool) throws -> (CompiledNetwork, ParameterStore) {
        let model = VisionTransformer.model(name: "vit_mini", patch: 4, depth: 2, heads: 2, width: 8, mlpWidth: 16)
        return try goldenNetwork(
            model.build(5), input: .image(3, 16, 16), batch: 4, trainable: training ? nil : [], weights: weights,
            golden: golden)
    }

    func testEvalLogitsOfAnEvaluationOnlyPlan() throws {
        let (network, _) = try network(training: false)
        network.forward(training: false)
        assertClose(network.output.values, golden.values("eval.logits"), "eval.logits")
    }

    func testTrainLogitsLossAndEveryGradient() throws {
        let (network, store) = try network(training: true)
        assertTrainingPassMatches(network, store: store, golden: golden)
    }
}
