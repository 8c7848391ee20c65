import Foundation
import TLFiles
import TLIO
import XCTest

/// Checkpoints whose few bytes ask for gigabytes: each is refused from its pickle, before anything that large is
/// allocated, naming the file, the tensor, the size and the budget.
final class PyTorchBudgetTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder.remove() }

    private let gigabyte = MemoryBudget(bytes: 1 << 30)

    private func checkpoint(_ pickle: [UInt8], storages: [String: Data], deflated: Set<String> = []) throws -> String {
        let path = folder.path("budget-\(UUID().uuidString).pth")
        try TorchZipWriter.write(to: path, pickle: pickle, storages: storages, deflated: deflated)
        return path
    }

    private func assertRefused(_ path: String, budget: MemoryBudget, mentions: [String]) {
        assertWeightsFileError(
            try PyTorchCheckpointReader.read(path: path, budget: budget), mentions: [path] + mentions)
    }

    func testAOneElementStorageViewedAs60000x60000WithStrideZeroIsRefused() throws {
        let view = TensorSpec(key: "0", storageElements: 1, size: [60000, 60000], stride: [0, 0])
        let path = try checkpoint(
            PickleBuilder.stateDict([("w", view)]), storages: ["0": TorchZipWriter.floatBytes([1])])
        assertRefused(
            path, budget: gigabyte,
            mentions: [
                "tensor 'w'", "60000×60000", "3600000000 elements", "14.4 GB",
                "memory budget of 1.1 GB",
            ])
    }

    func testAViewLargerThanAnyMachineIsRefusedWithTheStandardBudget() throws {
        let view = TensorSpec(key: "0", storageElements: 1, size: [600_000, 600_000], stride: [0, 0])
        let path = try checkpoint(
            PickleBuilder.stateDict([("w", view)]), storages: ["0": TorchZipWriter.floatBytes([1])])
        assertRefused(path, budget: .standard, mentions: ["tensor 'w'", "1440.0 GB", "memory budget"])
    }

    func testManyViewsAreBudgetedTogether() throws {
        let views = (0..<100).map {
            ("w\($0)", TensorSpec(key: "0", storageElements: 1, size: [10000, 10000], stride: [0, 0]))
        }
        let path = try checkpoint(PickleBuilder.stateDict(views), storages: ["0": TorchZipWriter.floatBytes([1])])
        assertRefused(path, budget: gigabyte, mentions: ["tensor 'w2'", "1.2 GB"])
    }

    func testViewsWithinTheBudgetAreRead() throws {
        let view = TensorSpec(key: "0", storageElements: 1, size: [100, 100], stride: [0, 0])
        let path = try checkpoint(
            PickleBuilder.stateDict([("w", view)]), storages: ["0": TorchZipWriter.floatBytes([2])])
        let tensors = try PyTorchCheckpointReader.read(path: path, budget: MemoryBudget(bytes: 40_008)).tensors
        XCTAssertEqual(tensors.first?.floatValues, Array(repeating: 2, count: 10_000))
    }

    func testADeflatedStorageOverTheBudgetIsRefusedBeforeItIsInflated() throws {
        let elements = 1 << 20
        let spec = TensorSpec.contiguous(key: "0", size: [elements])
        let path = try checkpoint(
            PickleBuilder.stateDict([("w", spec)]), storages: ["0": Data(count: 4 * elements)], deflated: ["0"])
        XCTAssertLessThan(
            try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int), 100_000,
            "the storage is deflated")
        assertRefused(
            path, budget: MemoryBudget(bytes: 1 << 20), mentions: ["tensor 'w'", "data/0", "memory budget of 1.0 MB"])
    }

    func testAPickleAppendingMillionsOfItemsToOneListIsRefused() throws {
        let appends = [UInt8]([0x4e, 0x61]).repeated((1 << 20) + 1)  // NONE, APPEND
        let path = try checkpoint([0x80, 2, 0x5d] + appends + [0x2e], storages: [:])  // PROTO 2, EMPTY_LIST, ..., STOP
        assertRefused(path, budget: .standard, mentions: ["more than 1048576 items"])
    }
}

private extension Array {
    /// The array's elements `count` times over.
    func repeated(_ count: Int) -> [Element] { [[Element]](repeating: self, count: count).flatMap { $0 } }
}
