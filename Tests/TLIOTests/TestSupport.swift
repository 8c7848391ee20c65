import Foundation
import TLIO
@_exported import TLTestSupport
import XCTest

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tlio-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Deletes the folder and its contents.
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Asserts that `body` throws a `WeightsFileError` whose message contains every one of `fragments`.
func assertWeightsFileError<T>(
    _ body: @autoclosure () throws -> T, mentions fragments: [String],
    file: StaticString = #filePath, line: UInt = #line
) {
    do {
        _ = try body()
        XCTFail("expected a WeightsFileError mentioning \(fragments)", file: file, line: line)
    } catch let error as WeightsFileError {
        for fragment in fragments {
            XCTAssertTrue(
                error.description.contains(fragment),
                "'\(error.description)' does not mention '\(fragment)'", file: file, line: line)
        }
    } catch {
        XCTFail("expected a WeightsFileError, got \(error)", file: file, line: line)
    }
}

extension StoredTensor {
    /// The Float32 values (fails the test for integer tensors).
    var floats: [Float] {
        if case .float32(let values) = values { return values }
        XCTFail("tensor \(name) is not float32")
        return []
    }

    /// The Int64 values (fails the test for float tensors).
    var integers: [Int64] {
        if case .int64(let values) = values { return values }
        XCTFail("tensor \(name) is not int64")
        return []
    }
}

/// Tensors keyed by name.
func byName(_ tensors: [StoredTensor]) -> [String: StoredTensor] {
    Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0) })
}
