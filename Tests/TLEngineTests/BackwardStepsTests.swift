import TLGraph
import XCTest

@testable import TLEngine

/// The steps of a backward pass that data-parallel training hooks into: every trainable parameter belongs to exactly
/// one step, and the hook sees every step once, last first.
final class BackwardStepsTests: XCTestCase {
    func testEveryTrainableParameterIsCompletedByOneStepReportedInReverseOrder() throws {
        let block = Layer(
            "block",
            ResidualOp(
                body: [
                    L.conv("block.conv1", 4, k: 3, p: 1), L.bn2d("block.bn1"), L.conv("block.conv2", 4, k: 3, p: 1),
                ],
                shortcut: [], projectsWhenShapeChanges: false))
        let layers = [L.conv("stem", 4, k: 3, p: 1), L.bn2d("stem.bn"), block, L.flatten, L.linear("fc", 3)]
        let network = try CompiledNetwork(
            layers: layers, input: .image(2, 5, 5), batchSize: 2, store: ParameterStore(layers: [], seed: 1),
            frozen: ["stem"], seed: 2)
        let stepped = network.parametersByStep.flatMap { $0 }.map(\.name)
        XCTAssertEqual(stepped.sorted(), network.trainableParameters.map(\.name).sorted())
        XCTAssertEqual(Set(stepped).count, stepped.count, "no parameter is in two steps")
        XCTAssertFalse(stepped.contains("stem.weight"), "a frozen layer's parameters are in no step")
        XCTAssertTrue(
            network.parametersByStep.contains {
                Set($0.map(\.name)) == [
                    "block.conv1.weight", "block.conv1.bias", "block.bn1.weight",
                    "block.bn1.bias", "block.conv2.weight", "block.conv2.bias",
                ]
            },
            "a residual block's parameters are completed by the block's step")
        fill(network, seed: 4)
        network.forward(training: true)
        var reported: [Int] = []
        network.lossAndBackward { reported.append($0) }
        XCTAssertEqual(reported, Array(network.parametersByStep.indices.reversed()))
    }
}
