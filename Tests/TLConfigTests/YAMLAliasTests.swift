import XCTest

@testable import TLConfig

final class YAMLAliasTests: XCTestCase {
    func testAliasCopiesTheAnchoredNodeWithTheAliasSpan() throws {
        let root = try parseYAML("base: &b\n  x: 1\n  y: [2]\ncopy: *b\n")
        let copy = try XCTUnwrap(root.value(forKey: "copy"))
        XCTAssertEqual(copy.keyTexts, ["x", "y"])
        XCTAssertEqual(copy.value(forKey: "y")?.itemList.first?.resolved, .int(2))
        XCTAssertEqual(copy.span.start, yamlPosition(4, 7))
        XCTAssertEqual(copy.span.end, yamlPosition(4, 9))
        XCTAssertEqual(copy.pairList.first?.key.span.start, yamlPosition(2, 3), "inner nodes keep the anchored spans")
    }

    func testAliasOfAScalarAndAnchorRedefinition() throws {
        let root = try parseYAML("a: &v one\nb: *v\nc: &v two\nd: *v\n")
        XCTAssertEqual(root.value(forKey: "b")?.scalarText, "one")
        XCTAssertEqual(root.value(forKey: "d")?.scalarText, "two")
        XCTAssertEqual(root.value(forKey: "b")?.span.start, yamlPosition(2, 4))
    }

    func testUnknownAliasIsReportedAtTheAlias() throws {
        let error = try XCTUnwrap(yamlError("a: 1\nb: *missing\n"))
        XCTAssertEqual(error.code, "yaml/unknown-alias")
        XCTAssertEqual(error.span.start, yamlPosition(2, 4))
        XCTAssertTrue(error.message.contains("*missing"), error.message)
    }

    func testAliasInsideItsOwnAnchorIsUnknown() throws {
        let error = try XCTUnwrap(yamlError("a: &loop [1, *loop]\n"))
        XCTAssertEqual(error.code, "yaml/unknown-alias")
        XCTAssertEqual(error.span.start, yamlPosition(1, 14))
    }

    func testMergeKeyWithOneAlias() throws {
        let root = try parseYAML(
            """
            defaults: &defaults
              retries: 3
              timeout: 10
            job:
              <<: *defaults
              timeout: 20
            """)
        let job = try XCTUnwrap(root.value(forKey: "job"))
        XCTAssertEqual(job.keyTexts, ["retries", "timeout"])
        XCTAssertEqual(job.value(forKey: "retries")?.resolved, .int(3))
        XCTAssertEqual(job.value(forKey: "timeout")?.resolved, .int(20), "explicit keys win over merged ones")
        XCTAssertEqual(
            job.value(forKey: "retries")?.span.start, yamlPosition(2, 12), "merged pairs keep their source spans")
    }

    func testMergeKeyWithASequenceOfAliases() throws {
        let root = try parseYAML(
            """
            a: &a {x: 1, y: 1}
            b: &b {y: 2, z: 2}
            c:
              <<: [*a, *b]
              w: 0
            """)
        let merged = try XCTUnwrap(root.value(forKey: "c"))
        XCTAssertEqual(merged.keyTexts, ["x", "y", "z", "w"])
        XCTAssertEqual(merged.value(forKey: "y")?.resolved, .int(1), "earlier merged mappings win over later ones")
        XCTAssertEqual(merged.value(forKey: "z")?.resolved, .int(2))
    }

    func testMergedMappingCanItselfBeMerged() throws {
        let root = try parseYAML("a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b}\n")
        XCTAssertEqual(root.value(forKey: "c")?.keyTexts, ["x", "y"])
    }

    func testMergeKeyWithAScalarIsAnError() throws {
        let error = try XCTUnwrap(yamlError("job:\n  <<: 3\n"))
        XCTAssertEqual(error.code, "yaml/merge")
        XCTAssertEqual(error.span.start, yamlPosition(2, 7))
    }

    func testMergeListWithANonMappingIsAnError() throws {
        let error = try XCTUnwrap(yamlError("a: &a {x: 1}\nb: &b [1]\nc:\n  <<: [*a, *b]\n"))
        XCTAssertEqual(error.code, "yaml/merge")
        XCTAssertEqual(error.span.start, yamlPosition(4, 12))
    }

    func testQuotedMergeKeyIsAPlainKey() throws {
        let root = try parseYAML("a:\n  \"<<\": 3\n")
        XCTAssertEqual(root.value(forKey: "a")?.keyTexts, ["<<"])
    }

    func testBillionLaughsFailsFastAsAliasBomb() throws {
        var text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let aliases = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(aliases)]\n"
        }
        let error = yamlError(text)
        XCTAssertEqual(error?.code, "yaml/alias-bomb")
        XCTAssertTrue(error?.message.contains("alias expansion exceeds 200000 nodes") ?? false, error?.message ?? "")
    }

    func testNodeLimitCountsExpandedAliases() throws {
        let text = "a: &a [1, 2, 3, 4]\nb: [*a, *a]\n"
        XCTAssertNoThrow(try parseYAML(text, limits: YAMLLimits(maxNodes: 20)))
        let error = try XCTUnwrap(yamlError(text, limits: YAMLLimits(maxNodes: 14)))
        XCTAssertEqual(error.code, "yaml/alias-bomb")
        XCTAssertEqual(error.span.start, yamlPosition(2, 9))
    }

    func testAliasThatNestsTooDeepIsAnError() throws {
        let error = try XCTUnwrap(yamlError("a: &a [[[1]]]\nb: [[*a]]\n", limits: YAMLLimits(maxDepth: 5)))
        XCTAssertEqual(error.code, "yaml/too-deep")
        XCTAssertEqual(error.span.start, yamlPosition(2, 6))
    }

    func testAliasesThatExpandToTooMuchTextUnderTheNodeLimitAreAnAliasBomb() throws {
        let long = String(repeating: "x", count: 1000)
        let hundred = { (name: String) in Array(repeating: "*\(name)", count: 100).joined(separator: ", ") }
        let text = "a: &a \(long)\nb: &b [\(hundred("a"))]\nc: &c [\(hundred("b"))]\nd: [\(hundred("c"))]\n"
        let error = try XCTUnwrap(yamlError(text))
        XCTAssertEqual(error.code, "yaml/alias-bomb")
        XCTAssertTrue(error.message.contains("16777216 bytes"), error.message)
        XCTAssertEqual(error.span.start.line, 4, "reported at the alias that crosses the limit")
    }

    func testExpandedTextLimitCountsEveryCopy() throws {
        let text = "a: &a abcdefghij\nb: [*a, *a]\n"
        XCTAssertNoThrow(try parseYAML(text, limits: YAMLLimits(maxExpandedBytes: 32)))
        let error = try XCTUnwrap(yamlError(text, limits: YAMLLimits(maxExpandedBytes: 29)))
        XCTAssertEqual(error.code, "yaml/alias-bomb")
        XCTAssertEqual(error.span.start, yamlPosition(2, 9))
    }
}
