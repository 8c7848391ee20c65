import TLIO
import XCTest

/// Checkpoints as PyTorch users save them, written by PyTorch itself (`Tests/Fixtures/pth_variants/`): every tensor
/// must read back bit for bit as `expected.safetensors` holds it.
final class PyTorchVariantTests: XCTestCase {
    private var expected: [String: StoredTensor] = [:]

    override func setUpWithError() throws {
        expected = try Fixtures.tensors("pth_variants/expected.safetensors")
    }

    private func read(_ file: String, key: String? = nil, stripPrefix: String? = nil) throws -> [String: StoredTensor] {
        byName(
            try PyTorchCheckpointReader.read(
                path: try Fixtures.path("pth_variants/" + file), key: key, stripPrefix: stripPrefix
            ).tensors)
    }

    /// The tiny network's state_dict entries of the expected file.
    private var stateDict: [String: StoredTensor] { expected.filter { !$0.key.hasPrefix("views.") } }

    private func assertBitIdentical(
        _ ours: [String: StoredTensor], _ theirs: [String: StoredTensor], _ what: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(Set(ours.keys), Set(theirs.keys), what, file: file, line: line)
        for (name, tensor) in theirs {
            guard let mine = ours[name] else { continue }
            XCTAssertEqual(mine.shape, tensor.shape, "\(what): \(name)", file: file, line: line)
            switch (mine.values, tensor.values) {
            case (.float32(let a), .float32(let b)):
                XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), "\(what): \(name)", file: file, line: line)
            default:
                XCTAssertEqual(mine.values, tensor.values, "\(what): \(name)", file: file, line: line)
            }
        }
    }

    func testATrainingCheckpointGivesItsStateDictUnderTheKey() throws {
        assertBitIdentical(try read("nested.pth", key: "state_dict"), stateDict, "nested.pth key state_dict")
    }

    func testDataParallelNamesLoseTheirPrefix() throws {
        assertBitIdentical(try read("module_prefix.pth", stripPrefix: "module."), stateDict, "module_prefix.pth")
        XCTAssertTrue(try read("module_prefix.pth").keys.allSatisfy { $0.hasPrefix("module.") })
    }

    func testViewsAreReadAsTheirLogicalValues() throws {
        let views = Dictionary(
            uniqueKeysWithValues: expected.filter { $0.key.hasPrefix("views.") }
                .map { (String($0.key.dropFirst("views.".count)), $0.value) })
        XCTAssertEqual(views.count, 4)
        assertBitIdentical(try read("noncontiguous.pth"), views, "noncontiguous.pth")
    }

    func testABigEndianMachinesFileReadsAsTheLittleEndianOne() throws {
        assertBitIdentical(try read("big_endian.pth"), stateDict, "big_endian.pth")
    }
}
