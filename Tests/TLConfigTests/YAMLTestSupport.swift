import XCTest

@testable import TLConfig

/// Parses `text` as the file "test.yaml".
func parseYAML(_ text: String, limits: YAMLLimits = .default) throws -> YAMLNode {
    try YAMLReader.parse(text: text, file: "test.yaml", limits: limits)
}

/// The `YAMLError` parsing `text` throws; fails the test when it throws nothing or another error type.
func yamlError(_ text: String, limits: YAMLLimits = .default, file: StaticString = #filePath, line: UInt = #line)
    -> YAMLError?
{
    yamlError(file: file, line: line) { try parseYAML(text, limits: limits) }
}

/// The `YAMLError` `body` throws; fails the test when it throws nothing or another error type.
func yamlError(file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> YAMLNode) -> YAMLError? {
    do {
        let node = try body()
        XCTFail("expected a YAMLError, parsed \(node)", file: file, line: line)
    } catch let error as YAMLError {
        return error
    } catch {
        XCTFail("expected a YAMLError, got \(error)", file: file, line: line)
    }
    return nil
}

/// A position from a 1-based line and column.
func yamlPosition(_ line: Int, _ column: Int) -> SourcePosition {
    SourcePosition(line: line, column: column)
}

extension YAMLNode {
    /// The pairs of a mapping node, or an empty list for other nodes.
    var pairList: [YAMLPair] {
        guard case let .mapping(pairs) = value else { return [] }
        return pairs
    }

    /// The items of a sequence node, or an empty list for other nodes.
    var itemList: [YAMLNode] {
        guard case let .sequence(items) = value else { return [] }
        return items
    }

    /// The text of a scalar node, or nil for collections.
    var scalarText: String? {
        guard case let .scalar(text, _) = value else { return nil }
        return text
    }

    /// The texts of a mapping's keys in order.
    var keyTexts: [String?] { pairList.map(\.key.scalarText) }

    /// The value of the first pair whose key text is `key`.
    func value(forKey key: String) -> YAMLNode? {
        pairList.first { $0.key.scalarText == key }?.value
    }
}

/// A fresh directory for test files, removed when the test case ends.
func yamlTemporaryDirectory(for testCase: XCTestCase) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    return directory
}
