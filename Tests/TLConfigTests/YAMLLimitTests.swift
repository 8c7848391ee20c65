import XCTest

@testable import TLConfig

final class YAMLLimitTests: XCTestCase {
    func testDefaults() {
        XCTAssertEqual(YAMLLimits.default.maxBytes, 1_048_576)
        XCTAssertEqual(YAMLLimits.default.maxDepth, 128)
        XCTAssertEqual(YAMLLimits.default.maxNodes, 200_000)
    }

    func testTenMegabyteTextIsTooLargeBeforeParsing() throws {
        let text = String(repeating: "key: value\n", count: 1_000_000)
        let error = yamlError(text)
        XCTAssertEqual(error?.code, "yaml/too-large")
        XCTAssertTrue(error?.message.contains("11000000 bytes") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("1048576") ?? false, error?.message ?? "")
    }

    func testTenThousandNestedFlowSequencesAreTooDeep() throws {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = yamlError(text)
        XCTAssertEqual(error?.code, "yaml/too-deep")
        XCTAssertEqual(error?.span.start, yamlPosition(1, 129))
        XCTAssertTrue(error?.message.contains("limit of 128") ?? false, error?.message ?? "")
    }

    func testNestingUpToTheLimitIsAccepted() throws {
        let text = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        var node = try parseYAML(text)
        var depth = 1
        while let inner = node.itemList.first {
            node = inner
            depth += 1
        }
        XCTAssertEqual(depth, 128)
        XCTAssertEqual(yamlError(text, limits: YAMLLimits(maxDepth: 127))?.code, "yaml/too-deep")
    }

    func testDeepBlockMappingIsTooDeep() throws {
        let text = (0..<200).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n")
        let error = try XCTUnwrap(yamlError(text))
        XCTAssertEqual(error.code, "yaml/too-deep")
        XCTAssertEqual(error.span.start, yamlPosition(129, 129))
    }

    func testTooManyNodesWithoutAliases() throws {
        let error = try XCTUnwrap(yamlError("[1, 2, 3, 4, 5]", limits: YAMLLimits(maxNodes: 4)))
        XCTAssertEqual(error.code, "yaml/too-large")
        XCTAssertEqual(error.span.start, yamlPosition(1, 11), "the fifth node (the sequence counts) crosses the limit")
    }

    func testTypicalConfigParsesWithinTheLimits() throws {
        var text = "name: pipeline\nsteps:\n"
        for index in 0..<24 {
            text += "  - id: step\(index)\n    run: \"echo \(index)\"\n    retries: 3\n    tags: [a, b]\n"
        }
        XCTAssertEqual(try parseYAML(text).value(forKey: "steps")?.itemList.count, 24)
    }
}
