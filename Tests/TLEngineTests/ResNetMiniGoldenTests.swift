import TLGraph
import XCTest

@testable import TLEngine

/// torchvision's ResNet (one BasicBlock per stage) against PyTorch: eval and train logits, gradients, BatchNorm statistics.
final class ResNetMiniGoldenTests: XCTestCase {
    private var golden: Golden!
    private var weights: Golden!

    override func setUpWithError() throws {
        golden = try Golden("resnet_mini.golden.safetensors")
        weights = try Golden("resnet_mini.weights.safetensors")
    }

    /// The network with every layer training, or only those named in `trainable` (none: an evaluation-only plan).
    private func network(trainable: Set<String>? = nil) throws -> (CompiledNetwork, ParameterStore) {
        try goldenNetwork(
            ModelZoo.resnet(name: "resnet-mini", blocks: [1, 1, 1, 1], widths: resnetMiniWidths).build(5),
            input: .image(3, 32, 32), batch: 4, trainable: trainable, weights: weights, golden: golden)
    }

    func testEvalLogitsUseRunningStatistics() throws {
        let (network, store) = try network()
        let before = store["bn1.running_mean"]!.value.array
        network.forward(training: false)
        assertClose(network.output.values, golden.values("eval.logits"), "eval.logits")
        XCTAssertEqual(store["bn1.running_mean"]!.value.array, before, "evaluation never moves running statistics")
    }

    func testAnEvaluationOnlyPlanReusingActivationBuffersGivesTheSameLogits() throws {
        let (network, _) = try network(trainable: [])
        XCTAssertTrue(network.trainableParameters.isEmpty)
        for _ in 0..<2 {
            network.forward(training: false)
            assertClose(network.output.values, golden.values("eval.logits"), "eval.logits (evaluation-only plan)")
        }
    }

    func testAFrozenBackboneOverwritingItsActivationsGivesTheSameLogitsStatisticsAndHeadGradients() throws {
        let (network, store) = try network(trainable: ["fc"])
        XCTAssertEqual(network.trainableParameters.map(\.name).sorted(), ["fc.bias", "fc.weight"])
        network.forward(training: true)
        assertClose(network.output.values, golden.values("train.logits"), "train.logits (frozen backbone)")
        network.lossAndBackward()
        for (name, expected) in golden.group("grad.fc.") {
            assertClose(store["fc." + name]!.grad.array, expected, rtol: 5e-4, "grad.fc.\(name)")
        }
        for (name, expected) in golden.group("after_train_forward.") {
            assertClose(store[name]!.value.array, expected, "after_train_forward.\(name)")
        }
    }

    func testTrainLogitsLossGradientsAndRunningStatistics() throws {
        let (network, store) = try network()
        network.forward(training: true)
        assertClose(network.output.values, golden.values("train.logits"), "train.logits")
        let loss = network.lossAndBackward()
        assertClose([Float(loss)], golden.values("train.loss"), "train.loss")
        let gradients = golden.group("grad.")
        XCTAssertEqual(gradients.count, network.trainableParameters.count)
        for (name, expected) in gradients {
            assertClose(store[name]!.grad.array, expected, rtol: 5e-4, "grad.\(name)")
        }
        for (name, expected) in golden.group("after_train_forward.") {
            assertClose(store[name]!.value.array, expected, "after_train_forward.\(name)")
        }
    }
}
