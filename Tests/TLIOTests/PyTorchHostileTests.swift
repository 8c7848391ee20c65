import Foundation
import TLIO
import XCTest

final class PyTorchHostileTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder.remove() }

    /// Writes a checkpoint with `pickle` and `storages` and returns its path.
    private func checkpoint(_ pickle: [UInt8], storages: [String: Data] = [:]) throws -> String {
        let path = folder.path("hostile-\(UUID().uuidString).pth")
        try TorchZipWriter.write(to: path, pickle: pickle, storages: storages)
        return path
    }

    private func read(_ path: String) throws -> PyTorchCheckpoint {
        try PyTorchCheckpointReader.read(path: path)
    }

    func testPickleCallingOsSystemIsRefusedAndNothingRuns() throws {
        let marker = folder.path("pwned")
        var pickle = PickleBuilder()
        pickle.global("os", "system")
        pickle.string("touch \(marker)")
        pickle.raw(0x85)
        pickle.reduce()
        pickle.stop()
        let path = try checkpoint(pickle.bytes)
        assertWeightsFileError(try read(path), mentions: [path, "refused global 'os.system'", "nothing was executed"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker))
    }

    func testStackGlobalNamingBuiltinsEvalIsRefused() throws {
        var pickle = PickleBuilder(protocolVersion: 4)
        pickle.raw(0x8c, 8)
        pickle.raw(contentsOf: "builtins")
        pickle.raw(0x8c, 4)
        pickle.raw(contentsOf: "eval")
        pickle.raw(0x93)
        pickle.string("__import__('os').system('true')")
        pickle.raw(0x85)
        pickle.reduce()
        pickle.stop()
        assertWeightsFileError(try read(try checkpoint(pickle.bytes)), mentions: ["'builtins.eval'"])
    }

    func testOtherGlobalsAreRefusedByName() throws {
        for (module, name) in [
            ("__builtin__", "getattr"), ("torch.nn.modules.linear", "Linear"),
            ("torch", "load"), ("collections", "defaultdict"),
        ] {
            var pickle = PickleBuilder()
            pickle.global(module, name)
            pickle.stop()
            assertWeightsFileError(try read(try checkpoint(pickle.bytes)), mentions: ["'\(module).\(name)'"])
        }
    }

    func testTruncatedZipIsRefused() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: try Fixtures.path("seed_cnn.pth")))
        let path = folder.path("truncated.pth")
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path))
        assertWeightsFileError(try read(path), mentions: [path, "not a valid zip archive"])
    }

    func testFileThatIsNotAZipIsRefused() throws {
        let path = folder.path("legacy.pth")
        try Data([0x80, 0x02, 0x8a, 0x0a] + [UInt8](repeating: 7, count: 60)).write(to: URL(fileURLWithPath: path))
        assertWeightsFileError(try read(path), mentions: ["not a zip archive"])
    }

    func testRecordsWithoutChecksumsLoadAsPyTorchAllows() throws {
        let values: [Float] = [1, 2, 3, 4]
        let path = try checkpoint(
            PickleBuilder.stateDict([("w", .contiguous(key: "0", size: [4]))]),
            storages: ["0": TorchZipWriter.floatBytes(values)])
        try TorchZipWriter.zeroChecksums(path: path)
        XCTAssertEqual(try read(path).tensors.first?.floats, values)
    }

    func testRecordClaimingMoreBytesThanTheFileIsRefusedBeforeReading() throws {
        let claimed = 0x7fff_fffc
        let spec = TensorSpec(key: "0", storageElements: claimed / 4, size: [claimed / 4], stride: [1])
        let path = try checkpoint(
            PickleBuilder.stateDict([("w", spec)]), storages: ["0": TorchZipWriter.floatBytes([1, 2])])
        try TorchZipWriter.patchCentralDirectorySizes(path: path, record: "archive/data/0", size: UInt32(claimed))
        assertWeightsFileError(try read(path), mentions: ["data/0 claims 2147483644 bytes", "more than the"])
    }

    func testArchiveWithoutFolderIsRefused() throws {
        let path = folder.path("flat.pth")
        try TorchZipWriter.write(to: path, pickle: [0x80, 2, 0x4e, 0x2e], storages: [:], folder: "")
        assertWeightsFileError(try read(path), mentions: ["not in a folder"])
    }

    func testStorageShorterThanDeclaredIsRefused() throws {
        let spec = TensorSpec(key: "0", storageElements: 10, size: [10], stride: [1])
        let path = try checkpoint(
            PickleBuilder.stateDict([("w", spec)]), storages: ["0": TorchZipWriter.floatBytes([1, 2])])
        assertWeightsFileError(try read(path), mentions: ["storage data/0 holds 8 bytes", "needs 40"])
    }

    func testMissingStorageRecordIsRefused() throws {
        let path = try checkpoint(PickleBuilder.stateDict([("w", .contiguous(key: "7", size: [2]))]))
        assertWeightsFileError(try read(path), mentions: ["no storage record data/7"])
    }

    func testHugeDeclaredSizesAreRefusedBeforeAllocating() throws {
        let hugeStorage = TensorSpec(key: "0", storageElements: 1 << 60, size: [1 << 60], stride: [1])
        let storages = ["0": TorchZipWriter.floatBytes([1, 2])]
        assertWeightsFileError(
            try read(try checkpoint(PickleBuilder.stateDict([("w", hugeStorage)]), storages: storages)),
            mentions: ["data/0 holds 8 bytes", "needs 4611686018427387904"])
        let overflowing = TensorSpec(key: "0", storageElements: 2, size: [1 << 40, 1 << 40], stride: [1, 1])
        assertWeightsFileError(
            try read(try checkpoint(PickleBuilder.stateDict([("w", overflowing)]), storages: storages)),
            mentions: ["'w'", "too large"])
        let beyondInt = TensorSpec(key: "0", storageElements: Int(Int64.max), size: [2], stride: [1])
        assertWeightsFileError(
            try read(try checkpoint(PickleBuilder.stateDict([("w", beyondInt)]), storages: storages)),
            mentions: ["storage '0' declares an invalid element count"])
    }

    func testAnOffsetAtTheLargestIntegerIsRefusedNotTrapped() throws {
        // Found by fuzz-pthviews: a scalar at offset Int.max reaches element Int.max, one past which overflows.
        let storages = ["0": TorchZipWriter.floatBytes([1])]
        for (size, stride) in [([Int](), [Int]()), ([1], [5])] {
            let edge = TensorSpec(key: "0", storageElements: 1, offset: Int.max, size: size, stride: stride)
            assertWeightsFileError(
                try read(try checkpoint(PickleBuilder.stateDict([("w", edge)]), storages: storages)),
                mentions: ["'w'", "offset \(Int.max)"])
        }
    }

    func testAHugeStrideOnASizeOneAxisIsNeverStepped() throws {
        // Found by fuzz-pthviews: the stride of an axis of size 1 is never used, whatever it is.
        let storages = ["0": TorchZipWriter.floatBytes((0..<15).map(Float.init))]
        let view = TensorSpec(key: "0", storageElements: 15, size: [3, 1, 1], stride: [7, Int.max, 7])
        let tensors = try read(try checkpoint(PickleBuilder.stateDict([("w", view)]), storages: storages)).tensors
        XCTAssertEqual(tensors.first?.floatValues, [0, 7, 14])
    }

    func testAnEmptyViewWithHugeOtherSizesIsReadAsEmpty() throws {
        // Found by fuzz-pthviews: a size of 0 makes the view empty, and its row-major strides may then overflow.
        let storages = ["0": TorchZipWriter.floatBytes([1])]
        let empty = TensorSpec(key: "0", storageElements: 1, size: [0, 1 << 62, 4], stride: [0, 4, 1])
        let tensors = try read(try checkpoint(PickleBuilder.stateDict([("w", empty)]), storages: storages)).tensors
        XCTAssertEqual(tensors.first?.shape, [0, 1 << 62, 4])
        XCTAssertEqual(tensors.first?.floatValues, [])
    }

    func testOffsetAndStrideReachingPastTheStorageAreRefused() throws {
        let storages = ["0": TorchZipWriter.floatBytes([0, 1, 2, 3, 4, 5])]
        let shifted = TensorSpec(key: "0", storageElements: 6, offset: 1, size: [2, 3], stride: [3, 1])
        assertWeightsFileError(
            try read(try checkpoint(PickleBuilder.stateDict([("w", shifted)]), storages: storages)),
            mentions: ["'w'", "reach element 6", "holds 6 elements"])
        let strided = TensorSpec(key: "0", storageElements: 6, size: [3], stride: [4])
        assertWeightsFileError(
            try read(try checkpoint(PickleBuilder.stateDict([("w", strided)]), storages: storages)),
            mentions: ["reach element 8"])
        let mismatched = TensorSpec(key: "0", storageElements: 6, size: [2, 3], stride: [1])
        assertWeightsFileError(
            try read(try checkpoint(PickleBuilder.stateDict([("w", mismatched)]), storages: storages)),
            mentions: ["differ in length"])
    }

    func testPickleWithoutStopIsRefused() throws {
        let complete = PickleBuilder.stateDict([("w", .contiguous(key: "0", size: [1]))])
        let path = try checkpoint(Array(complete.dropLast(9)), storages: ["0": TorchZipWriter.floatBytes([1])])
        assertWeightsFileError(try read(path), mentions: ["data.pkl"])
    }

    func testLengthPastTheEndOfThePickleIsRefused() throws {
        var pickle = PickleBuilder(protocolVersion: 4)
        pickle.raw(0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)
        assertWeightsFileError(try read(try checkpoint(pickle.bytes)), mentions: ["declares 9223372036854775807 bytes"])
    }

    func testMemoReadBeforeWriteIsRefused() throws {
        var pickle = PickleBuilder()
        pickle.raw(0x68, 3)
        pickle.stop()
        assertWeightsFileError(try read(try checkpoint(pickle.bytes)), mentions: ["memo entry 3 was never stored"])
    }

    func testDeeplyNestedTuplesAreRefused() throws {
        var pickle = PickleBuilder()
        pickle.raw(0x4e)
        for _ in 0..<100_000 { pickle.raw(0x85) }
        pickle.stop()
        assertWeightsFileError(try read(try checkpoint(pickle.bytes)), mentions: ["nest deeper than 200"])
    }

    func testUnsupportedOpcodeIsNamed() throws {
        var pickle = PickleBuilder()
        pickle.raw(0x69)
        assertWeightsFileError(try read(try checkpoint(pickle.bytes)), mentions: ["opcode 0x69 ('i')", "byte 2"])
    }

    func testTopLevelThatIsNotADictIsRefused() throws {
        var pickle = PickleBuilder()
        pickle.int(5)
        pickle.stop()
        assertWeightsFileError(
            try read(try checkpoint(pickle.bytes)), mentions: ["top level is of type int, not a dict"])
    }
}
