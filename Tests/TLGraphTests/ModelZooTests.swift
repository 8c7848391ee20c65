import XCTest
@testable import TLGraph

final class ModelZooTests: XCTestCase {
    private func graph(_ name: String, input: TensorShape? = nil, classes: Int? = nil) -> TransferGraph {
        let (graph, problems) = TransferGraph.zoo(ModelZoo.model(named: name)!, input: input, classes: classes)
        XCTAssertTrue(problems.isEmpty, "\(name): \(problems.map(\.message))")
        return graph
    }

    func testParameterCountsMatchTorchvision() {
        let expected = ["resnet18": 11_689_512, "resnet34": 21_797_672, "vgg11": 132_863_336, "vgg16": 138_357_544,
                        "alexnet": 61_100_840, "seed-cnn": 422_026]
        for (name, count) in expected {
            XCTAssertEqual(GraphSummary.totals(graph(name), batchSize: 1).parameters, count, name)
        }
    }

    func testStateDictNamesAndShapesEqualTorchvision() throws {
        for name in ["resnet18", "vgg11", "alexnet"] {
            let ours = stateDict(graph(name))
            let theirs = try fixtureShapes(name)
            XCTAssertEqual(ours.map(\.0), theirs.map(\.0), name)
            XCTAssertEqual(ours.map(\.1), theirs.map(\.1), name)
        }
    }

    func testSeedCNNEqualsTheGoldenWeightsFile() throws {
        let theirs = Dictionary(uniqueKeysWithValues: try safetensorsShapes(try Fixtures.path("seed_cnn.weights.safetensors")))
        let ours = Dictionary(uniqueKeysWithValues: stateDict(graph("seed-cnn")))
        XCTAssertEqual(ours, theirs)
    }

    func testSeedCNNAdaptsItsFirstLinearLayerToTheInput() {
        let ours = stateDict(graph("seed-cnn", input: .image(3, 32, 32), classes: 5))
        XCTAssertEqual(ours.first { $0.0 == "conv1.weight" }?.1, [32, 3, 3, 3])
        XCTAssertEqual(ours.first { $0.0 == "fc1.weight" }?.1, [256, 128 * 4 * 4])
        XCTAssertEqual(ours.last?.1, [5])
    }

    func testResNetOutputShapesAt224() {
        let g = graph("resnet18")
        let shapes = Dictionary(g.inferred.map { ($0.layer.name, $0.output) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(shapes["maxpool"], .image(64, 56, 56))
        XCTAssertEqual(shapes["layer4.1"], .image(512, 7, 7))
        XCTAssertEqual(g.output, TensorShape([1000]))
        XCTAssertEqual(GraphSummary.totals(g, batchSize: 1).macsPerImage, 1_814_073_344, "torchvision resnet18: 1.81 GMAC")
    }

    func testAlexNetCollapsesOnTinyInputs() {
        let (_, problems) = TransferGraph.zoo(ModelZoo.model(named: "alexnet")!, input: .image(3, 16, 16))
        XCTAssertEqual(problems.first?.code, "shape/collapse")
        XCTAssertEqual(problems.first?.layer.name, "features.5")
    }
}
