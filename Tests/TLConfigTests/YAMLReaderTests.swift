import XCTest

@testable import TLConfig

final class YAMLReaderTests: XCTestCase {
    func testSpansOfKeysAndValues() throws {
        let root = try parseYAML("name: demo\nsteps:\n  - run: \"x\"\n    n: 3\n")
        XCTAssertEqual(root.span, SourceSpan(file: "test.yaml", start: yamlPosition(1, 1), end: yamlPosition(4, 9)))

        let name = try XCTUnwrap(root.pairList.first)
        XCTAssertEqual(name.key.span.start, yamlPosition(1, 1))
        XCTAssertEqual(name.key.span.end, yamlPosition(1, 5))
        XCTAssertEqual(name.value.span.start, yamlPosition(1, 7))
        XCTAssertEqual(name.value.span.end, yamlPosition(1, 11))

        let steps = try XCTUnwrap(root.value(forKey: "steps"))
        XCTAssertEqual(steps.span.start, yamlPosition(3, 3))
        XCTAssertEqual(steps.span.end, yamlPosition(4, 9))
        let step = try XCTUnwrap(steps.itemList.first)
        XCTAssertEqual(step.span.start, yamlPosition(3, 5))
        let run = try XCTUnwrap(step.value(forKey: "run"))
        XCTAssertEqual(run.span.start, yamlPosition(3, 10))
        XCTAssertEqual(run.span.end, yamlPosition(3, 13))
        XCTAssertEqual(step.pairList.last?.key.span.start, yamlPosition(4, 5))
        XCTAssertEqual(step.value(forKey: "n")?.span.start, yamlPosition(4, 8))
    }

    func testColumnsCountUnicodeScalars() throws {
        let root = try parseYAML("ключ: значение\n")
        XCTAssertEqual(root.pairList.first?.value.span.start, yamlPosition(1, 7))
        XCTAssertEqual(root.pairList.first?.value.span.end, yamlPosition(1, 15))
    }

    func testFlowCollectionSpansEndAfterTheClosingBracket() throws {
        let root = try parseYAML("list: [1, 2]\nmap: {a: 1}\n")
        XCTAssertEqual(root.value(forKey: "list")?.span.start, yamlPosition(1, 7))
        XCTAssertEqual(root.value(forKey: "list")?.span.end, yamlPosition(1, 13))
        XCTAssertEqual(root.value(forKey: "map")?.span.end, yamlPosition(2, 12))
    }

    func testNestedSequencesAndMappings() throws {
        let root = try parseYAML(
            """
            jobs:
              - name: a
                deps: [x, y]
              - name: b
                env: {K: V}
            """)
        let jobs = try XCTUnwrap(root.value(forKey: "jobs")).itemList
        XCTAssertEqual(jobs.count, 2)
        XCTAssertEqual(jobs[0].value(forKey: "name")?.scalarText, "a")
        XCTAssertEqual(jobs[0].value(forKey: "deps")?.itemList.map(\.scalarText), ["x", "y"])
        XCTAssertEqual(jobs[1].value(forKey: "env")?.value(forKey: "K")?.scalarText, "V")
        XCTAssertNil(jobs[1].resolved)
    }

    func testScalarStylesAndTags() throws {
        let root = try parseYAML(
            """
            p: plain
            s: 'single'
            d: "double"
            l: |
              literal
            f: >
              folded
            t: !!str 12
            c: !custom x
            """)
        func style(_ key: String) -> YAMLScalarStyle? {
            guard case let .scalar(_, style)? = root.value(forKey: key)?.value else { return nil }
            return style
        }
        XCTAssertEqual(style("p"), .plain)
        XCTAssertEqual(style("s"), .singleQuoted)
        XCTAssertEqual(style("d"), .doubleQuoted)
        XCTAssertEqual(style("l"), .literal)
        XCTAssertEqual(style("f"), .folded)
        XCTAssertEqual(root.value(forKey: "l")?.scalarText, "literal\n")
        XCTAssertEqual(root.value(forKey: "t")?.tag, "!!str")
        XCTAssertEqual(root.value(forKey: "c")?.tag, "!custom")
        XCTAssertNil(root.value(forKey: "p")?.tag)
    }

    func testDuplicateKeysAreKeptInOrder() throws {
        let root = try parseYAML("a: 1\nb: 2\na: 3\n")
        XCTAssertEqual(root.keyTexts, ["a", "b", "a"])
        XCTAssertEqual(root.pairList.map(\.value.resolved), [.int(1), .int(2), .int(3)])
        XCTAssertEqual(root.pairList[2].key.span.start, yamlPosition(3, 1))
    }

    func testEmptyInputsYieldAnEmptyMappingAtTheStart() throws {
        for text in ["", "# only a comment\n\n# another\n", "---\n", "--- # nothing\n...\n"] {
            let root = try parseYAML(text)
            guard case let .mapping(pairs) = root.value else {
                return XCTFail("expected a mapping for \(text.debugDescription), got \(root.value)")
            }
            XCTAssertTrue(pairs.isEmpty)
            XCTAssertEqual(root.span, SourceSpan(file: "test.yaml", start: yamlPosition(1, 1), end: yamlPosition(1, 1)))
        }
    }

    func testOneExplicitDocumentIsAccepted() throws {
        let root = try parseYAML("%YAML 1.2\n---\na: 1\n...\n")
        XCTAssertEqual(root.value(forKey: "a")?.resolved, .int(1))
    }

    func testSecondDocumentIsAnError() throws {
        let error = try XCTUnwrap(yamlError("a: 1\n---\nb: 2\n"))
        XCTAssertEqual(error.code, "yaml/multiple-documents")
        XCTAssertEqual(error.span.start, yamlPosition(2, 1))
    }

    func testBadIndentationReportsItsPositionAndContext() throws {
        let error = try XCTUnwrap(yamlError("a:\n  b: 1\n c: 2\n"))
        XCTAssertEqual(error.code, "yaml/syntax")
        XCTAssertEqual(error.span.file, "test.yaml")
        XCTAssertEqual(error.span.start, yamlPosition(3, 2))
        XCTAssertTrue(
            error.message.hasPrefix("while parsing a block mapping at 1:1: did not find expected key"), error.message)
        XCTAssertEqual(error.description, "test.yaml:3:2: \(error.message) [yaml/syntax]")
    }

    func testColonInsidePlainValueGetsAHint() throws {
        let error = try XCTUnwrap(yamlError("command: echo a: b\n"))
        XCTAssertEqual(error.code, "yaml/syntax")
        XCTAssertEqual(error.span.start, yamlPosition(1, 16))
        XCTAssertTrue(error.message.contains("mapping values are not allowed"), error.message)
        XCTAssertTrue(error.message.contains("quote the value"), error.message)
    }

    func testUnclosedQuoteAndFlowSequenceAreSyntaxErrors() throws {
        let quote = try XCTUnwrap(yamlError("a: \"abc\nb: 1\n"))
        XCTAssertEqual(quote.code, "yaml/syntax")
        XCTAssertTrue(quote.message.contains("closing quote"), quote.message)

        let flow = try XCTUnwrap(yamlError("a: [1, 2\nb: 3\n"))
        XCTAssertEqual(flow.code, "yaml/syntax")
        XCTAssertEqual(flow.span.start, yamlPosition(2, 2))
        XCTAssertTrue(flow.message.contains("while parsing a flow sequence at 1:4"), flow.message)
    }

    func testControlCharacterInTextIsAnEncodingError() throws {
        let error = try XCTUnwrap(yamlError("a: 1\nb: x\u{1}y\n"))
        XCTAssertEqual(error.code, "yaml/encoding")
        XCTAssertEqual(error.span.start, yamlPosition(2, 5))
        XCTAssertTrue(error.message.contains("U+0001"), error.message)
    }

    func testARepeatedByteOrderMarkIsAnEncodingErrorThatSaysSo() throws {
        for marks in [2, 3] {
            let text = String(repeating: "\u{FEFF}", count: marks) + "version: 1\nname: x\n"
            let error = try XCTUnwrap(yamlError(text))
            XCTAssertEqual(error.code, "yaml/encoding")
            XCTAssertTrue(error.message.contains("more than one UTF-8 byte-order mark"), error.message)
            XCTAssertFalse(error.message.contains("..."), "no hint about document markers: \(error.message)")
        }
        XCTAssertNoThrow(try parseYAML("\u{FEFF}version: 1\n"), "one byte-order mark is fine")
    }

    func testAFileRewrittenWithTheSameSizeIsParsedAgain() throws {
        let file = temporaryFolder("yaml-rewrite") + "/p.yaml"
        try "classes: [a, b]\n".write(toFile: file, atomically: false, encoding: .utf8)
        XCTAssertEqual(try YAMLReader.parse(file: file)["classes"]?.items?.last?.scalarText, "b")
        try "classes: [a, c]\n".write(toFile: file, atomically: false, encoding: .utf8)
        XCTAssertEqual(
            try YAMLReader.parse(file: file)["classes"]?.items?.last?.scalarText, "c",
            "same size and, within one clock tick, the same modification time: the bytes decide")
    }
}
