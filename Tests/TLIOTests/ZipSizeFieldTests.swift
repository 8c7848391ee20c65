import Foundation
import TLIO
import XCTest

/// Zip archives whose ZIP64 offsets or sizes cannot be sought to are refused by name instead of crashing the reader.
final class ZipSizeFieldTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder.remove() }

    /// The input fuzz-pth found: a ZIP64 end record whose central directory offset is past 2^63.
    private static let fuzzFinding =
        "504b0304540008000000000000edf7119f2800000028000000240000000000000000000000000052"
        + "0b00006d6f64756c655f70726566697a6174696f6e5f3d6964504b06062c000000000000001e032d00000000ff000000000f00000000"
        + "00000011000000000000000904000000000000f80b0000000000e0504b060700000000011000000000000001000000504b0506000000"
        + "000f000f0009040000f80b00000000"

    private func write(_ bytes: [UInt8]) throws -> String {
        let path = folder.path("zip64-\(UUID().uuidString).pth")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testFuzzFindingIsRefusedByName() throws {
        let hex = Array(Self.fuzzFinding.utf8)
        let bytes = stride(from: 0, to: hex.count, by: 2).map {
            UInt8(String(decoding: hex[$0...$0 + 1], as: UTF8.self), radix: 16)!
        }
        let path = try write(bytes)
        assertWeightsFileError(
            try PyTorchCheckpointReader.read(path: path),
            mentions: [path, "ZIP64 central directory offset", "damaged"])
    }

    func testHugeCentralDirectoryOffsetIsRefused() throws {
        for offset: UInt64 in [1 << 62, 1 << 63, .max, .max - 45] {
            let path = try write(ZipBytes(directoryOffset: offset).bytes)
            assertWeightsFileError(
                try PyTorchCheckpointReader.read(path: path),
                mentions: [path, "ZIP64 central directory offset"])
        }
    }

    func testHugeEntryCountOrDirectorySizeIsRefused() throws {
        let path = try write(ZipBytes(entryCount: .max).bytes)
        assertWeightsFileError(try PyTorchCheckpointReader.read(path: path), mentions: ["ZIP64 entry count"])
        let sized = try write(ZipBytes(directorySize: 1 << 63).bytes)
        assertWeightsFileError(
            try PyTorchCheckpointReader.read(path: sized), mentions: ["ZIP64 central directory size"])
    }

    func testHugeLocalHeaderOffsetInAnEntryIsRefused() throws {
        for offset: UInt64 in [1 << 63, .max, 1 << 62 + 7] {
            let path = try write(ZipBytes(entryZip64: [4, 4, offset]).bytes)
            assertWeightsFileError(
                try PyTorchCheckpointReader.read(path: path), mentions: ["entry 0 ZIP64 size or offset"])
        }
    }

    func testHugeSizesInAnEntryAreRefused() throws {
        for sizes: [UInt64] in [[.max], [4, 1 << 63], [1 << 62, 4, 0]] {
            let path = try write(ZipBytes(entryZip64: sizes).bytes)
            assertWeightsFileError(
                try PyTorchCheckpointReader.read(path: path), mentions: ["entry 0 ZIP64 size or offset"])
        }
    }

    func testHugeDataDescriptorSizeIsRefused() throws {
        let path = try write(ZipBytes(entryZip64: [4, 4], descriptorSize: 1 << 63).bytes)
        assertWeightsFileError(try PyTorchCheckpointReader.read(path: path), mentions: ["entry 0 data descriptor size"])
    }

    func testInRangeZip64ArchiveGetsPastTheCheck() throws {
        let path = try write(ZipBytes(entryZip64: [4, 4], descriptorSize: 4).bytes)
        do {
            _ = try PyTorchCheckpointReader.read(path: path)
            XCTFail("an archive without data.pkl must be refused")
        } catch let error as WeightsFileError {
            XCTAssertFalse(error.description.contains("larger than any file"), error.description)
            XCTAssertTrue(error.description.contains("data.pkl"), error.description)
        }
    }
}

/// A one-entry ZIP64 archive (`archive/x`, 4 stored bytes) with chosen 64-bit fields.
private struct ZipBytes {
    var directoryOffset: UInt64?
    var entryCount: UInt64 = 1
    var directorySize: UInt64?
    /// The entry's ZIP64 extra field values (uncompressed size, compressed size, local header offset); nil for none.
    /// Its 32-bit sizes read 0xffffffff with any, and its 32-bit offset with three.
    var entryZip64: [UInt64]?
    /// With a value, the entry has a ZIP64 data descriptor holding it as both sizes.
    var descriptorSize: UInt64?

    init(
        directoryOffset: UInt64? = nil, entryCount: UInt64 = 1, directorySize: UInt64? = nil,
        entryZip64: [UInt64]? = nil, descriptorSize: UInt64? = nil
    ) {
        self.directoryOffset = directoryOffset
        self.entryCount = entryCount
        self.directorySize = directorySize
        self.entryZip64 = entryZip64
        self.descriptorSize = descriptorSize
    }

    var bytes: [UInt8] {
        let name = Array("archive/x".utf8)
        let flags: UInt16 = descriptorSize == nil ? 0 : 8
        let sizeField: UInt32 = entryZip64 == nil ? 4 : .max
        var out = le(UInt32(0x0403_4b50)) + le(UInt16(45)) + le(flags) + le(UInt16(0)) + le(UInt32(0)) + le(UInt32(0))
        out += le(sizeField) + le(sizeField) + le(UInt16(name.count)) + le(UInt16(0)) + name + [1, 2, 3, 4]
        if let descriptorSize {
            out += le(UInt32(0x0807_4b50)) + le(UInt32(0)) + le(descriptorSize) + le(descriptorSize)
        }
        let directoryStart = UInt64(out.count)
        let extra = entryZip64.map { values in le(UInt16(1)) + le(UInt16(values.count * 8)) + values.flatMap(le) } ?? []
        out += le(UInt32(0x0201_4b50)) + le(UInt16(45)) + le(UInt16(45)) + le(flags) + le(UInt16(0)) + le(UInt32(0))
        out += le(UInt32(0)) + le(sizeField) + le(sizeField) + le(UInt16(name.count)) + le(UInt16(extra.count))
        out +=
            le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt32(0))
            + le((entryZip64?.count ?? 0) > 2 ? UInt32.max : 0)
        out += name + extra
        let directoryLength = UInt64(out.count) - directoryStart
        let recordStart = UInt64(out.count)
        out +=
            le(UInt32(0x0606_4b50)) + le(UInt64(44)) + le(UInt16(45)) + le(UInt16(45)) + le(UInt32(0)) + le(UInt32(0))
        out +=
            le(entryCount) + le(entryCount) + le(directorySize ?? directoryLength)
            + le(directoryOffset ?? directoryStart)
        out += le(UInt32(0x0706_4b50)) + le(UInt32(0)) + le(recordStart) + le(UInt32(1))
        out += le(UInt32(0x0605_4b50)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16.max) + le(UInt16.max)
        out += le(UInt32.max) + le(UInt32.max) + le(UInt16(0))
        return out
    }

    private func le<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
        (0..<MemoryLayout<Value>.size).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
