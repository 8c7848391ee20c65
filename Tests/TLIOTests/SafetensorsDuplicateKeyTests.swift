import Foundation
import TLIO
import XCTest

/// A header that names a tensor twice is refused, naming it: readers disagree on which entry counts.
final class SafetensorsDuplicateKeyTests: XCTestCase {
    private let eightFloats = [UInt8](repeating: 0, count: 32)

    private func entry(_ name: String, _ offsets: String, dtype: String = "F32") -> String {
        "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":[4],\"data_offsets\":\(offsets)}"
    }

    private func read(_ header: String) throws -> SafetensorsFile {
        try Safetensors.read(data: SafetensorsBytes.make(header: header, data: eightFloats), name: "twice.safetensors")
    }

    func testATensorNamedTwiceIsRefusedByName() {
        let header = "{" + entry("w", "[0,16]") + "," + entry("b", "[16,32]") + "," + entry("w", "[16,32]") + "}"
        assertWeightsFileError(try read(header), mentions: ["twice.safetensors", "'w'", "more than once"])
    }

    func testTheSameNameSpelledWithEscapesIsTheSameName() {
        let header = "{" + entry("fc.weight", "[0,16]") + "," + entry("fc\\u002eweight", "[16,32]") + "}"
        assertWeightsFileError(try read(header), mentions: ["'fc.weight'", "more than once"])
    }

    func testMetadataTwiceIsRefusedToo() {
        let header = "{\"__metadata__\":{\"a\":\"1\"}," + entry("w", "[0,16]") + ",\"__metadata__\":{\"a\":\"2\"}}"
        assertWeightsFileError(try read(header), mentions: ["'__metadata__'"])
    }

    func testEqualNamesInsideEntriesOrMetadataAreNotTopLevelDuplicates() throws {
        let header =
            "{\"__metadata__\":{\"w\":\"note, \\\"quoted\\\" {not a key}\"}," + entry("w", "[0,16]") + ","
            + entry("v", "[16,32]") + "}"
        XCTAssertEqual(try read(header).tensors.map(\.name), ["v", "w"])
    }
}
