import Foundation
import TLIO
import XCTest

final class WeightsCommandTests: XCTestCase {
    func testInspectListsEveryTensorWithItsDtypeAndShape() throws {
        let result = try tlrun("inspect-weights", try Fixtures.path("resnet_mini.pth"))
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("layer4.0.downsample.1.num_batches_tracked  int64    scalar"), result.stdout)
        XCTAssertTrue(result.stdout.contains("fc.weight"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("74 tensors, 79,369 elements (79,357 floating point)\n"), result.stdout)
    }

    func testConvertGivesTheSameTensorsAsSafetensors() throws {
        let output = temporaryFolder() + "/seed.safetensors"
        let result = try tlrun("convert", try Fixtures.path("seed_cnn.pth"), output)
        XCTAssertEqual(result.status, 0, result.stdout)
        let converted = try Safetensors.read(path: output)
        let reference = try Safetensors.read(path: try Fixtures.path("seed_cnn.weights.safetensors"))
        XCTAssertEqual(converted.tensors, reference.tensors)
        XCTAssertEqual(converted.metadata["format"], "pt")
    }

    func testBadFilesAndUsageAreClearErrors() throws {
        let folder = temporaryFolder()
        let broken = folder + "/broken.pth"
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: broken))
        let result = try tlrun("inspect-weights", broken)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.hasPrefix("error: \(broken): "), result.stdout)
        XCTAssertEqual(try tlrun("convert", try Fixtures.path("seed_cnn.pth"), folder + "/out.bin").status, 2)
    }
}
