import XCTest

@testable import TLEngine
@testable import TLGraph

/// One narrow block of each kind the torchvision CNN families add, built by the zoo's own builders, against the same
/// blocks from torchvision (make_fixtures.py's `BlocksMini`): eval and train logits, the loss, every parameter's
/// gradient and the running statistics after a training pass.
final class BlocksMiniGoldenTests: XCTestCase {
    private var golden: Golden!
    private var weights: Golden!

    override func setUpWithError() throws {
        golden = try Golden("blocks_mini.golden.safetensors")
        weights = try Golden("blocks_mini.weights.safetensors")
    }

    /// MobileNet V3's and V2's inverted residuals, an MBConv, a ConvNeXt block, a dense block of one layer, a ShuffleNet
    /// V2 unit, a fire module and an inception block, then pooling and a classifier.
    private static let layers: [Layer] = [
        Make.conv("features.0", 8, kernel: 3, padding: 1, bias: false), Make.batchNorm("features.1"),
        MobileNetV3.invertedResidual(
            "features.2",
            MobileNetV3.Block(input: 8, kernel: 5, expanded: 16, output: 8, gated: true, hardSwish: true, stride: 1)),
        MobileNetV2.invertedResidual("features.3", input: 8, output: 8, stride: 2, expansion: 2),
        EfficientNet.mbConv(
            "features.4", input: 8, output: 8, expansion: 2, kernel: 3, stride: 1, dropImages: 0, eps: 1e-5,
            momentum: 0.1),
        ConvNeXt.block("features.5", channels: 8, dropImages: 0),
        Layer("features.6", SequenceOp([DenseNet.denseLayer("features.6.denselayer1", growth: 4)])),
        ShuffleNetV2.shuffleUnit("features.7", input: 12, width: 12, stride: 1),
        SqueezeNet.fire("features.8", squeeze: 4, expand: 4), GoogLeNet.inception("features.9", [2, 2, 2, 2, 2, 2]),
        Make.adaptiveAvgPool("pool", 1), Make.flatten(), Make.linear("fc", 5),
    ]

    /// The network with every layer training, or none (an evaluation-only plan).
    private func network(training: Bool) throws -> (CompiledNetwork, ParameterStore) {
        try goldenNetwork(
            Self.layers, input: .image(3, 16, 16), batch: 4, trainable: training ? nil : [], weights: weights,
            golden: golden)
    }

    func testEvalLogitsOfAnEvaluationOnlyPlanWithFoldedAndFusedLayers() throws {
        let (network, _) = try network(training: false)
        network.forward(training: false)
        assertClose(network.output.values, golden.values("eval.logits"), "eval.logits")
    }

    func testTrainLogitsLossEveryGradientAndTheRunningStatistics() throws {
        let (network, store) = try network(training: true)
        assertTrainingPassMatches(network, store: store, golden: golden)
        for (name, expected) in golden.group("after_train_forward.") {
            assertClose(store[name]!.value.array, expected, "after_train_forward.\(name)")
        }
    }
}
