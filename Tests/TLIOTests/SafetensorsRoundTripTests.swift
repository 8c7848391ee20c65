import Foundation
import TLIO
import XCTest

final class SafetensorsRoundTripTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder.remove() }

    private let tensors = [
        StoredTensor(name: "layer.weight", shape: [2, 3], values: .float32([1, -2.5, 3e-8, .infinity, -0.0, 42])),
        StoredTensor(name: "bn.num_batches_tracked", shape: [], values: .int64([Int64.min])),
        StoredTensor(name: "empty", shape: [0, 4], values: .float32([])),
        StoredTensor(name: "layer.bias", shape: [3], values: .float32([0.1, 0.2, 0.3])),
    ]

    func testWriteThenReadGivesTheSameTensorsSortedByNameAndMetadata() throws {
        let path = folder.path("model.safetensors")
        let metadata = ["format": "pt", "note": "quote \" backslash \\ newline \n tab \t bell \u{7} é 💡"]
        try Safetensors.write(tensors, metadata: metadata, to: path)
        let file = try Safetensors.read(path: path)
        XCTAssertEqual(file.tensors, tensors.sorted { $0.name < $1.name })
        XCTAssertEqual(file.metadata, metadata)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.url.path), ["model.safetensors"],
            "no temporary file is left behind")
    }

    func testHeaderIsSpacePaddedToEightBytesAndTensorsAreStoredInNameOrder() throws {
        let data = try Safetensors.encode(tensors, metadata: ["a": "b"])
        let headerLength = Int(
            data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
        XCTAssertEqual(headerLength % 8, 0)
        let header = String(decoding: data[8..<(8 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{\"__metadata__\":{\"a\":\"b\"}"))
        let positions = ["bn.num_batches_tracked", "empty", "layer.bias", "layer.weight"].map {
            header.range(of: "\"\($0)\"")!.lowerBound
        }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertTrue(header.contains("\"dtype\":\"I64\""))
        XCTAssertEqual(data.count, 8 + headerLength + 8 + 0 + 12 + 24)
    }

    func testWriteReplacesAnExistingFile() throws {
        let path = folder.path("model.safetensors")
        try Safetensors.write(tensors, metadata: [:], to: path)
        let replacement = [StoredTensor(name: "only", shape: [1], values: .float32([7]))]
        try Safetensors.write(replacement, metadata: [:], to: path)
        XCTAssertEqual(try Safetensors.read(path: path).tensors, replacement)
    }

    func testEncodeRefusesValuesThatDoNotFillTheShape() {
        let wrong = StoredTensor(name: "w", shape: [2, 2], values: .float32([1, 2, 3]))
        assertWeightsFileError(try Safetensors.encode([wrong], metadata: [:]), mentions: ["'w'", "[2, 2]", "3 values"])
    }

    func testEncodeRefusesDuplicateNames() {
        let tensor = StoredTensor(name: "w", shape: [1], values: .float32([1]))
        assertWeightsFileError(
            try Safetensors.encode([tensor, tensor], metadata: [:]), mentions: ["two tensors", "'w'"])
    }

    func testWriteIntoAMissingFolderFailsWithTheFileName() {
        let path = folder.path("missing/model.safetensors")
        assertWeightsFileError(try Safetensors.write(tensors, metadata: [:], to: path), mentions: [path])
    }
}
