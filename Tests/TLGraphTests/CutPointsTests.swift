import TLGraph
import XCTest

/// The cut points advise scores: one before each conv, linear or residual unit, named as `slice` accepts them.
final class CutPointsTests: XCTestCase {
    private func cuts(_ model: String, input: TensorShape? = nil) -> [CutPoint] {
        let zoo = ModelZoo.model(named: model)!
        let (graph, _) = TransferGraph.zoo(zoo, input: input)
        return CutPoints.candidates(graph.kept, input: graph.input)
    }

    func testSeedCNNIsCutAfterEachConvBlockAndEachHiddenLinearLayer() {
        let seed = cuts("seed-cnn")
        XCTAssertEqual(seed.map(\.name), ["conv1", "conv2", "conv3", "fc1", "fc2"])
        XCTAssertEqual(seed.map(\.output.dims), [[32, 14, 14], [64, 7, 7], [128, 3, 3], [256], [128]])
        XCTAssertEqual(seed.map(\.depth), [1, 2, 3, 4, 5])
        XCTAssertEqual(seed[0].keptParameters, 32 * 9 + 32)
    }

    func testResNetIsCutAtItsStageBoundaries() {
        let resnet = cuts("resnet18", input: TensorShape([3, 64, 64]))
        XCTAssertEqual(resnet.map(\.name), ["maxpool", "layer1", "layer2", "layer3", "avgpool"])
        XCTAssertEqual(resnet.last?.output.dims, [512, 1, 1])
        XCTAssertEqual(resnet.map(\.depth), [1, 5, 10, 15, 20], "downsample convolutions count as layers")
        XCTAssertEqual(
            resnet.prefix(2).map(\.keptParameters), [9408 + 128, 9408 + 128 + 2 * (2 * 36864 + 2 * 128)],
            "the trainable tensors nested in the kept residual blocks count")
    }

    func testEveryCutPointIsASliceTheValidatorAccepts() {
        for model in ModelZoo.names {
            let zoo = ModelZoo.model(named: model)!
            let (graph, _) = TransferGraph.zoo(zoo)
            for cut in CutPoints.candidates(graph.kept, input: graph.input) {
                let selector = LayerSelector(cut.name)
                XCTAssertEqual(
                    graph.kept.lastIndex { selector.matches($0.name) }, cut.keptLayers - 1, "\(model): \(cut.name)")
            }
        }
    }
}
