import TLGraph
import XCTest

@testable import TLEngine

/// The demonstration network against PyTorch: logits, loss, features, gradients, optimizer trajectories, frozen head.
final class SeedCNNGoldenTests: XCTestCase {
    private var golden: Golden!
    private var weights: Golden!

    override func setUpWithError() throws {
        golden = try Golden("seed_cnn.golden.safetensors")
        weights = try Golden("seed_cnn.weights.safetensors")
    }
    private var layers: [Layer] { ModelZoo.model(named: "seed-cnn")!.build(10) }

    private func network(_ layers: [Layer], frozen: Set<String> = [], skipping: Set<String> = []) throws -> (
        CompiledNetwork, ParameterStore
    ) {
        let store = try ParameterStore(layers: [], seed: 0)
        let network = try CompiledNetwork(
            layers: layers, input: .image(1, 28, 28), batchSize: 8, store: store, frozen: frozen)
        try load(weights, into: store, skipping: skipping)
        feed(network, input: golden.values("input"), labels: golden.values("labels"))
        return (network, store)
    }

    func testEvalLogitsLossAndEveryGradient() throws {
        let (network, store) = try network(layers)
        network.forward(training: false)
        assertClose(network.output.values, golden.values("logits"), "logits")
        let loss = network.lossAndBackward()
        assertClose([Float(loss)], golden.values("loss"), "loss")
        for (name, expected) in golden.group("grad.") {
            assertClose(store[name]!.grad.array, expected, "grad.\(name)")
        }
        XCTAssertEqual(golden.group("grad.").count, 12)
    }

    func testFeaturesAtTheSlicingPointBeforeFC1() throws {
        let (network, _) = try network(Array(layers.prefix { $0.name != "fc1" }))
        network.forward(training: false)
        XCTAssertEqual(network.output.dims, [8, 1152])
        assertClose(network.output.values, golden.values("features"), "features")
    }

    func testThreeStepTrajectoriesOfEveryOptimizer() throws {
        let optimizers: [(String, Double, ([Parameter]) -> Optimizer)] = [
            ("sgd", 0.05, { SGD(parameters: $0, momentum: 0.9, nesterov: true, weightDecay: 5e-4) }),
            ("sgd_plain", 0.1, { SGD(parameters: $0) }),
            ("adam", 1e-3, { Adam(parameters: $0) }),
            ("adamw", 1e-3, { Adam(parameters: $0, weightDecay: 0.01, decoupled: true) }),
        ]
        for (name, lr, make) in optimizers {
            let (network, store) = try network(layers)
            let optimizer = make(network.trainableParameters)
            for _ in 0..<3 {
                network.forward(training: false)
                network.lossAndBackward()
                try optimizer.step(learningRate: lr)
            }
            let trajectories = try Golden(
                name.hasPrefix("adam") ? "seed_cnn.adam.safetensors" : "seed_cnn.sgd.safetensors")
            let expected = trajectories.group("after3.\(name).")
            XCTAssertEqual(expected.count, 12, name)
            for (parameter, values) in expected {
                let adaptive = name.hasPrefix("adam")
                let flat = golden.values("grad." + parameter).map { abs($0) < 1e-5 && adaptive }
                assertClose(
                    store[parameter]!.value.array, values, rtol: adaptive ? 5e-4 : 2e-4, illConditioned: flat,
                    absolute: Float(3 * lr),
                    "\(name) \(parameter)")
            }
        }
    }

    func testFrozenNetworkWithANewHeadTrainsOnlyTheHead() throws {
        var headed = layers
        headed[headed.count - 1] = Layer("fc3", LinearOp(outFeatures: 5))
        let frozen = Set(headed.dropLast().map(\.name))
        let (network, store) = try network(headed, frozen: frozen, skipping: ["fc3.weight", "fc3.bias"])
        try store.set("fc3.weight", values: golden.values("head.fc3.weight"))
        try store.set("fc3.bias", values: golden.values("head.fc3.bias"))
        feed(network, input: golden.values("input"), labels: golden.values("head.labels"))
        let before = store["fc1.weight"]!.value.array
        XCTAssertEqual(network.trainableParameters.map(\.name), ["fc3.weight", "fc3.bias"])
        let optimizer = SGD(parameters: network.trainableParameters, momentum: 0.9)
        for _ in 0..<3 {
            network.forward(training: false)
            network.lossAndBackward()
            try optimizer.step(learningRate: 0.1)
        }
        assertClose(store["fc3.weight"]!.value.array, golden.values("head.after3.fc3.weight"), "head fc3.weight")
        assertClose(store["fc3.bias"]!.value.array, golden.values("head.after3.fc3.bias"), "head fc3.bias")
        XCTAssertEqual(store["fc1.weight"]!.value.array, before, "frozen weights stay bit for bit")
        XCTAssertNil(store["conv1.weight"]!.existingGrad, "nothing is computed for the frozen prefix")
    }
}
