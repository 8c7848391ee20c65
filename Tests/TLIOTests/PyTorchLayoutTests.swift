import Foundation
import TLIO
import XCTest

final class PyTorchLayoutTests: XCTestCase {
    private var folder: TemporaryFolder!
    private let sixFloats = TorchZipWriter.floatBytes([0, 1, 2, 3, 4, 5])

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder.remove() }

    private func read(
        _ pickle: [UInt8], storages: [String: Data], byteOrder: String? = "little",
        key: String? = nil, stripPrefix: String? = nil
    ) throws -> PyTorchCheckpoint {
        let path = folder.path("model-\(UUID().uuidString).pth")
        try TorchZipWriter.write(to: path, pickle: pickle, storages: storages, byteOrder: byteOrder)
        return try PyTorchCheckpointReader.read(path: path, key: key, stripPrefix: stripPrefix)
    }

    func testTransposedTensorIsMaterialisedInRowMajorOrder() throws {
        let transposed = TensorSpec(key: "0", storageElements: 6, size: [3, 2], stride: [1, 3])
        let tensor = try XCTUnwrap(
            try read(PickleBuilder.stateDict([("t", transposed)]), storages: ["0": sixFloats]).tensors.first)
        XCTAssertEqual(tensor.shape, [3, 2])
        XCTAssertEqual(tensor.floats, [0, 3, 1, 4, 2, 5])
    }

    func testOffsetSliceAndBroadcastViewsReadTheRightElements() throws {
        let slice = TensorSpec(key: "0", storageElements: 6, offset: 2, size: [2, 2], stride: [2, 1])
        let everyOther = TensorSpec(key: "0", storageElements: 6, offset: 1, size: [3], stride: [2])
        let broadcast = TensorSpec(key: "0", storageElements: 6, offset: 3, size: [2, 3], stride: [0, 1])
        let checkpoint = try read(
            PickleBuilder.stateDict([("slice", slice), ("odd", everyOther), ("rows", broadcast)]),
            storages: ["0": sixFloats])
        let tensors = byName(checkpoint.tensors)
        XCTAssertEqual(tensors["slice"]?.floats, [2, 3, 4, 5])
        XCTAssertEqual(tensors["odd"]?.floats, [1, 3, 5])
        XCTAssertEqual(tensors["rows"]?.floats, [3, 4, 5, 3, 4, 5])
    }

    func testBigEndianStoragesAreConverted() throws {
        let floats: [Float] = [1.5, -2, 1e-3]
        let integers: [Int64] = [-7, 1 << 40]
        let storages = [
            "0": Data(floats.flatMap { value in withUnsafeBytes(of: value.bitPattern.bigEndian) { Array($0) } }),
            "1": Data(integers.flatMap { value in withUnsafeBytes(of: value.bigEndian) { Array($0) } }),
        ]
        let pickle = PickleBuilder.stateDict([
            ("w", .contiguous(key: "0", size: [3])),
            ("n", .contiguous(key: "1", size: [2], storageType: "LongStorage")),
        ])
        let tensors = byName(try read(pickle, storages: storages, byteOrder: "big").tensors)
        XCTAssertEqual(tensors["w"]?.floats, floats)
        XCTAssertEqual(tensors["n"]?.integers, integers)
    }

    func testMissingByteOrderMeansLittleEndianAndUnknownByteOrderIsRefused() throws {
        let pickle = PickleBuilder.stateDict([("w", .contiguous(key: "0", size: [6]))])
        XCTAssertEqual(
            try read(pickle, storages: ["0": sixFloats], byteOrder: nil).tensors.first?.floats, [0, 1, 2, 3, 4, 5])
        assertWeightsFileError(
            try read(pickle, storages: ["0": sixFloats], byteOrder: "middle"), mentions: ["'middle'"])
    }

    func testHalfDoubleAndIntStoragesAreConverted() throws {
        let storages = [
            "h": Data(SafetensorsBytes.littleEndian([UInt16(0x3c00), 0xc000])),
            "b": Data(SafetensorsBytes.littleEndian([UInt16(0x3f80)])),
            "d": Data(SafetensorsBytes.littleEndian([(0.25 as Double).bitPattern])),
            "i": Data(SafetensorsBytes.littleEndian([Int32(-3), 9])),
        ]
        let pickle = PickleBuilder.stateDict([
            ("half", .contiguous(key: "h", size: [2], storageType: "HalfStorage")),
            ("brain", .contiguous(key: "b", size: [1], storageType: "BFloat16Storage")),
            ("double", .contiguous(key: "d", size: [], storageType: "DoubleStorage")),
            ("int", .contiguous(key: "i", size: [2], storageType: "IntStorage")),
        ])
        let tensors = byName(try read(pickle, storages: storages).tensors)
        XCTAssertEqual(tensors["half"]?.floats, [1, -2])
        XCTAssertEqual(tensors["brain"]?.floats, [1])
        XCTAssertEqual(tensors["double"]?.floats, [0.25])
        XCTAssertEqual(tensors["double"]?.shape, [])
        XCTAssertEqual(tensors["int"]?.integers, [-3, 9])
    }

    func testNestedStateDictWithDataParallelPrefixIsFoundAndStripped() throws {
        var pickle = PickleBuilder()
        pickle.dict { root in
            root.string("epoch")
            root.int(12)
            root.string("state_dict")
            root.dict { state in
                state.string("module.fc.weight")
                state.tensor(.contiguous(key: "0", size: [2, 3]))
                state.string("module.fc.bias")
                state.tensor(TensorSpec(key: "0", storageElements: 6, offset: 4, size: [2], stride: [1]))
                state.string("module.steps")
                state.int(3)
            }
        }
        pickle.stop()
        let checkpoint = try read(pickle.bytes, storages: ["0": sixFloats], stripPrefix: "module.")
        XCTAssertEqual(checkpoint.tensors.map(\.name), ["fc.weight", "fc.bias"])
        XCTAssertEqual(checkpoint.tensors.last?.floats, [4, 5])
        XCTAssertEqual(checkpoint.skipped, ["module.steps"])
        assertWeightsFileError(
            try read(pickle.bytes, storages: ["0": sixFloats], stripPrefix: "backbone."),
            mentions: ["'backbone.' matches no tensor name"])
    }

    func testExplicitKeyChoosesTheStateDict() throws {
        var pickle = PickleBuilder()
        pickle.dict { root in
            for (name, key) in [("model", "0"), ("ema", "1")] {
                root.string(name)
                root.dict { state in
                    state.string("w")
                    state.tensor(.contiguous(key: key, size: [1]))
                }
            }
        }
        pickle.stop()
        let storages = ["0": TorchZipWriter.floatBytes([1]), "1": TorchZipWriter.floatBytes([2])]
        XCTAssertEqual(try read(pickle.bytes, storages: storages).tensors.first?.floats, [1])
        XCTAssertEqual(try read(pickle.bytes, storages: storages, key: "ema").tensors.first?.floats, [2])
        assertWeightsFileError(
            try read(pickle.bytes, storages: storages, key: "optimizer"),
            mentions: ["no key 'optimizer'", "'model', 'ema'"])
    }

    func testOrderedDictWithMetadataAttributeAndParametersIsRead() throws {
        var pickle = PickleBuilder()
        pickle.global("collections", "OrderedDict")
        pickle.emptyTuple()
        pickle.reduce()
        pickle.mark()
        pickle.string("weight")
        pickle.global("torch._utils", "_rebuild_parameter")
        pickle.mark()
        pickle.tensor(.contiguous(key: "0", size: [6]))
        pickle.newFalse()
        pickle.global("collections", "OrderedDict")
        pickle.emptyTuple()
        pickle.reduce()
        pickle.tuple()
        pickle.reduce()
        pickle.setItems()
        pickle.dict { state in
            state.string("_metadata")
            state.dict { metadata in
                metadata.string("")
                metadata.dict { version in
                    version.string("version")
                    version.int(1)
                }
            }
        }
        pickle.build()
        pickle.stop()
        let checkpoint = try read(pickle.bytes, storages: ["0": sixFloats])
        XCTAssertEqual(checkpoint.tensors.map(\.name), ["weight"])
        XCTAssertEqual(checkpoint.tensors.first?.floats, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(checkpoint.skipped, ["_metadata"])
    }

    func testProtocolFourOpcodesAreUnderstood() throws {
        var pickle = PickleBuilder(protocolVersion: 4)
        pickle.raw(0x95, 0, 0, 0, 0, 0, 0, 0, 0)
        pickle.emptyDict()
        pickle.raw(0x94)
        pickle.raw(0x8c, 1)
        pickle.raw(contentsOf: "w")
        pickle.raw(0x94)
        pickle.tensor(.contiguous(key: "0", size: [2, 3]))
        pickle.raw(0x73)
        pickle.raw(0x8c, 1)
        pickle.raw(contentsOf: "v")
        pickle.raw(0x68, 0)
        pickle.raw(0x73)
        pickle.stop()
        let checkpoint = try read(pickle.bytes, storages: ["0": sixFloats])
        XCTAssertEqual(checkpoint.tensors.map(\.name), ["w"])
        XCTAssertEqual(checkpoint.tensors.first?.shape, [2, 3])
        XCTAssertEqual(checkpoint.skipped, ["v"])
    }

    func testSizeAndDeviceEntriesAreInterpretedAndSkipped() throws {
        var pickle = PickleBuilder()
        pickle.dict { state in
            state.string("w")
            state.tensor(.contiguous(key: "0", size: [6]))
            state.string("shape")
            state.global("torch", "Size")
            state.mark()
            state.intTuple([2, 3])
            state.tuple()
            state.reduce()
            state.string("device")
            state.global("torch", "device")
            state.mark()
            state.string("cpu")
            state.tuple()
            state.reduce()
        }
        pickle.stop()
        let checkpoint = try read(pickle.bytes, storages: ["0": sixFloats])
        XCTAssertEqual(checkpoint.tensors.map(\.name), ["w"])
        XCTAssertEqual(checkpoint.skipped, ["shape", "device"])
    }

    func testTensorsSharingAStorageReadItOnce() throws {
        let first = TensorSpec(key: "0", storageElements: 6, size: [3], stride: [1])
        let second = TensorSpec(key: "0", storageElements: 6, offset: 3, size: [3], stride: [1])
        let tensors = try read(PickleBuilder.stateDict([("a", first), ("b", second)]), storages: ["0": sixFloats])
            .tensors
        XCTAssertEqual(tensors.map(\.floats), [[0, 1, 2], [3, 4, 5]])
    }
}
