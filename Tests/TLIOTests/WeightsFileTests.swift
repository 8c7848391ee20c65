import Foundation
import TLIO
import XCTest

final class WeightsFileTests: XCTestCase {
    func testExtensionChoosesTheReader() throws {
        let fromSafetensors = try WeightsFile.read(path: try Fixtures.path("seed_cnn.weights.safetensors"))
        let fromCheckpoint = try WeightsFile.read(path: try Fixtures.path("seed_cnn.pth"))
        XCTAssertEqual(fromSafetensors.count, 12)
        XCTAssertEqual(byName(fromCheckpoint), byName(fromSafetensors))
    }

    func testStripPrefixAppliesToSafetensorsToo() throws {
        let tensors = try WeightsFile.read(
            path: try Fixtures.path("seed_cnn.weights.safetensors"), stripPrefix: "conv1.")
        XCTAssertEqual(tensors.prefix(2).map(\.name), ["bias", "weight"])
    }

    func testUnknownExtensionIsRefused() {
        assertWeightsFileError(
            try WeightsFile.read(path: "/tmp/model.h5"), mentions: ["'h5'", ".safetensors, .pth or .pt"])
    }

    func testKeyIsRefusedForSafetensors() {
        assertWeightsFileError(
            try WeightsFile.read(path: try Fixtures.path("seed_cnn.weights.safetensors"), key: "model"),
            mentions: ["only to PyTorch checkpoints"])
    }

    func testErrorDescriptionIsFileThenMessage() {
        XCTAssertEqual(WeightsFileError.archive(file: "a.pth", problem: "broken").description, "a.pth: broken")
    }
}
