import TLIO
import XCTest

final class PyTorchGoldenTests: XCTestCase {
    func testSeedCNNCheckpointMatchesSafetensorsBitForBit() throws {
        try assertCheckpointMatchesSafetensors("seed_cnn")
    }

    func testResNetMiniCheckpointMatchesSafetensorsBitForBit() throws {
        try assertCheckpointMatchesSafetensors("resnet_mini")
    }

    func testCheckpointKeepsStateDictOrder() throws {
        let checkpoint = try PyTorchCheckpointReader.read(path: try Fixtures.path("seed_cnn.pth"))
        XCTAssertEqual(checkpoint.tensors.prefix(3).map(\.name), ["conv1.weight", "conv1.bias", "conv2.weight"])
        XCTAssertEqual(checkpoint.skipped, [])
    }

    private func assertCheckpointMatchesSafetensors(_ model: String) throws {
        let checkpoint = try PyTorchCheckpointReader.read(path: try Fixtures.path("\(model).pth"))
        let reference = try Safetensors.read(path: try Fixtures.path("\(model).weights.safetensors"))
        XCTAssertEqual(checkpoint.tensors.map(\.name).sorted(), reference.tensors.map(\.name))
        let expected = byName(reference.tensors)
        for tensor in checkpoint.tensors {
            let other = try XCTUnwrap(expected[tensor.name])
            XCTAssertEqual(tensor.shape, other.shape, tensor.name)
            switch (tensor.values, other.values) {
            case (.float32(let mine), .float32(let theirs)):
                XCTAssertEqual(mine.map(\.bitPattern), theirs.map(\.bitPattern), tensor.name)
            case (.int64(let mine), .int64(let theirs)):
                XCTAssertEqual(mine, theirs, tensor.name)
            default:
                XCTFail("\(tensor.name): element types differ")
            }
        }
    }
}
