import XCTest

@testable import TLEngine
@testable import TLGraph

/// A narrow Swin built by the zoo's own builder against torchvision's `SwinTransformer` of the same sizes
/// (make_fixtures.py's `swin_mini`: padded, rolled and unrolled windows, patch merging over an odd side): eval and
/// train logits, the loss and every parameter's gradient.
final class SwinMiniGoldenTests: XCTestCase {
    private var golden: Golden!
    private var weights: Golden!

    override func setUpWithError() throws {
        golden = try Golden("swin_mini.golden.safetensors")
        weights = try Golden("swin_mini.weights.safetensors")
    }

    /// 28x28 input, 2x2 patches, width 8, three stages of two blocks with 2, 2 and 4 heads, 4x4 windows, five classes.
    private func network(training: Bool) throws -> (CompiledNetwork, ParameterStore) {
        let model = SwinTransformer.model(
            name: "swin_mini", patch: 2, width: 8, depths: [2, 2, 2], heads: [2, 2, 4], window: 4, stochasticDepth: 0)
        return try goldenNetwork(
            model.build(5), input: .image(3, 28, 28), batch: 4, trainable: training ? nil : [], weights: weights,
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
