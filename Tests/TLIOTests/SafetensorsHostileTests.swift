import Foundation
import TLIO
import XCTest

final class SafetensorsHostileTests: XCTestCase {
    private let eightFloats = [UInt8](repeating: 0, count: 32)

    private func read(_ header: String, data: [UInt8], declaredLength: UInt64? = nil) throws -> SafetensorsFile {
        try Safetensors.read(
            data: SafetensorsBytes.make(header: header, data: data, declaredLength: declaredLength),
            name: "hostile.safetensors")
    }

    private func entry(_ name: String, shape: String, offsets: String, dtype: String = "F32") -> String {
        "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":\(offsets)}"
    }

    func testValidTwoTensorFileIsAccepted() throws {
        let header =
            "{" + entry("a", shape: "[4]", offsets: "[0,16]") + "," + entry("b", shape: "[4]", offsets: "[16,32]") + "}"
        XCTAssertEqual(try read(header, data: eightFloats).tensors.map(\.name), ["a", "b"])
    }

    func testFileShorterThanTheLengthFieldIsRefused() {
        assertWeightsFileError(
            try Safetensors.read(data: Data([1, 2, 3]), name: "tiny.safetensors"),
            mentions: ["tiny.safetensors", "3 bytes", "too short"])
    }

    func testHeaderLengthLargerThanTheFileIsRefused() {
        let header = "{" + entry("a", shape: "[8]", offsets: "[0,32]") + "}"
        assertWeightsFileError(
            try read(header, data: eightFloats, declaredLength: 5_000),
            mentions: ["header length 5000", "past the end of the file"])
    }

    func testHeaderLengthOverTheLimitIsRefusedBeforeAllocating() {
        assertWeightsFileError(try read("{}", data: [], declaredLength: UInt64.max), mentions: ["exceeds the limit"])
        assertWeightsFileError(try read("{}", data: [], declaredLength: 100_000_001), mentions: ["100000000"])
    }

    func testHeaderThatIsNotJSONIsRefused() {
        assertWeightsFileError(try read("[1, 2]", data: []), mentions: ["does not start with '{'"])
        assertWeightsFileError(try read("{\"a\": ", data: []), mentions: ["not valid JSON"])
    }

    func testWrongTypesNameTheEntryAsWrittenAndWhatWasExpected() {
        let cases: [(String, [String])] = [
            (entry("w", shape: "[1]", offsets: "[\"0\",4]"), ["'w.data_offsets[0]'", "expected an integer"]),
            (entry("w", shape: "[1, true]", offsets: "[0,4]"), ["'w.shape[1]'", "expected an integer"]),
            (entry("w", shape: "{\"a\": 1}", offsets: "[0,4]"), ["'w.shape'", "expected a list"]),
            ("\"w\":{\"dtype\":5,\"shape\":[1],\"data_offsets\":[0,4]}", ["'w.dtype'", "expected a string"]),
            ("\"w\":{\"dtype\":null,\"shape\":[1],\"data_offsets\":[0,4]}", ["'w.dtype'", "is null"]),
            (entry("w", shape: "[1.5]", offsets: "[0,4]"), ["'w.shape[0]'", "1.5 is not an integer"]),
        ]
        for (body, mentions) in cases {
            assertWeightsFileError(try read("{" + body + "}", data: [0, 0, 0, 0]), mentions: mentions)
            XCTAssertThrowsError(try read("{" + body + "}", data: [0, 0, 0, 0])) { error in
                XCTAssertFalse("\(error)".contains("Index "), "no decoder internals: \(error)")
                XCTAssertFalse("\(error)".contains("Expected to decode"), "no decoder internals: \(error)")
            }
        }
    }

    func testAHeaderListingMoreTensorsThanAnyNetworkIsRefusedBeforeDecoding() {
        for count in [50_001, 200_000] {
            let entries = (0..<count).map { entry("t\($0)", shape: "[0]", offsets: "[0,0]") }
            assertWeightsFileError(
                try read("{" + entries.joined(separator: ",") + "}", data: []),
                mentions: ["hostile.safetensors", "more than 50000 tensors"])
        }
        let withMetadata = (0..<3).map { entry("t\($0)", shape: "[1]", offsets: "[\($0 * 4),\($0 * 4 + 4)]") }
        XCTAssertEqual(
            try read(
                "{\"__metadata__\":{\"a\":\"b\"}," + withMetadata.joined(separator: ",") + "}",
                data: [UInt8](repeating: 0, count: 12)
            )
            .tensors.count, 3)
    }

    func testOverlappingTensorsAreRefused() {
        let header =
            "{" + entry("a", shape: "[4]", offsets: "[0,16]") + "," + entry("b", shape: "[4]", offsets: "[8,24]")
            + "," + entry("c", shape: "[2]", offsets: "[24,32]") + "}"
        assertWeightsFileError(try read(header, data: eightFloats), mentions: ["'b' overlaps tensor 'a'"])
    }

    func testGapBetweenTensorsIsRefused() {
        let header =
            "{" + entry("a", shape: "[2]", offsets: "[0,8]") + "," + entry("b", shape: "[4]", offsets: "[16,32]") + "}"
        assertWeightsFileError(try read(header, data: eightFloats), mentions: ["gap of 8 bytes", "'b'"])
    }

    func testOffsetsPastTheEndAreRefused() {
        let header = "{" + entry("a", shape: "[1000]", offsets: "[0,4000]") + "}"
        assertWeightsFileError(try read(header, data: eightFloats), mentions: ["'a'", "4000", "past the end"])
    }

    func testShapeThatDisagreesWithTheByteLengthIsRefused() {
        let header = "{" + entry("a", shape: "[3, 3]", offsets: "[0,32]") + "}"
        assertWeightsFileError(try read(header, data: eightFloats), mentions: ["'a'", "span 32 bytes", "needs 36"])
    }

    func testNegativeDimensionIsRefused() {
        let header = "{" + entry("a", shape: "[-2, -4]", offsets: "[0,32]") + "}"
        assertWeightsFileError(try read(header, data: eightFloats), mentions: ["'a'", "negative dimension -2"])
    }

    func testOverflowingShapeIsRefused() {
        let header = "{" + entry("a", shape: "[4611686018427387904, 4611686018427387904]", offsets: "[0,32]") + "}"
        assertWeightsFileError(try read(header, data: eightFloats), mentions: ["'a'", "too large"])
        let huge = "{" + entry("a", shape: "[1e30]", offsets: "[0,32]") + "}"
        assertWeightsFileError(try read(huge, data: eightFloats), mentions: ["'a.shape", "not an integer"])
    }

    func testReversedOffsetsAreRefused() {
        let header = "{" + entry("a", shape: "[0]", offsets: "[32,0]") + "}"
        assertWeightsFileError(try read(header, data: eightFloats), mentions: ["invalid data_offsets [32, 0]"])
    }

    func testTrailingBytesAfterTheLastTensorAreRefused() {
        let header = "{" + entry("a", shape: "[4]", offsets: "[0,16]") + "}"
        assertWeightsFileError(try read(header, data: eightFloats), mentions: ["end at byte 16", "32 bytes"])
    }

    func testTruncatedFileIsRefused() throws {
        let tensor = StoredTensor(name: "w", shape: [16], values: .float32(Array(repeating: 1, count: 16)))
        let whole = try Safetensors.encode([tensor], metadata: [:])
        assertWeightsFileError(
            try Safetensors.read(data: whole.dropLast(5), name: "cut.safetensors"),
            mentions: ["cut.safetensors", "'w'", "past the end"])
    }

    func testNonStringMetadataIsRefused() {
        let header = "{\"__metadata__\":{\"epoch\":3}," + entry("a", shape: "[8]", offsets: "[0,32]") + "}"
        assertWeightsFileError(try read(header, data: eightFloats), mentions: ["__metadata__"])
    }

    func testMissingFieldIsRefused() {
        let header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[8]}}"
        assertWeightsFileError(try read(header, data: eightFloats), mentions: ["'a'", "data_offsets"])
    }

    func testMissingFileIsRefusedWithItsPath() {
        assertWeightsFileError(
            try Safetensors.read(path: "/nonexistent/w.safetensors"),
            mentions: ["/nonexistent/w.safetensors", "cannot read"])
    }
}
