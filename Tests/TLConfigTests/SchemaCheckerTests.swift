import XCTest

@testable import TLConfig

final class SchemaCheckerTests: XCTestCase {
    private func check(_ text: String) throws -> (YAMLNode, [Diagnostic]) {
        SchemaChecker.check(try YAMLReader.parse(text: text, file: "t.yaml"), against: .object(testSchema))
    }

    func testValidFileGetsDefaultsFilledWithDefaultOrigin() throws {
        let (node, problems) = try check("name: a\n")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(node["lr"]?.double, 0.1)
        XCTAssertEqual(node["nested"]?["depth"]?.int, 3)
        XCTAssertEqual(node["lr"]?.span.file, SourceSpan.defaultOrigin)
        XCTAssertEqual(node["name"]?.span.file, "t.yaml")
    }

    func testUnknownKeySuggestsTheNearestKey() throws {
        let (_, problems) = try check("name: a\nlrr: 0.1\n")
        XCTAssertEqual(codes(problems), ["key/unknown@2:1"])
        XCTAssertEqual(problems[0].hint, "did you mean 'lr'?")
        XCTAssertTrue(problems[0].expected!.contains("nested"))
    }

    func testDuplicateKeyNamesTheFirstPosition() throws {
        let (_, problems) = try check("name: a\nlr: 0.1\nlr: 0.2\n")
        XCTAssertEqual(codes(problems), ["key/duplicate@3:1"])
        XCTAssertTrue(problems[0].message.contains("2:1"), problems[0].message)
    }

    func testMissingRequiredKey() throws {
        let (_, problems) = try check("lr: 0.1\n")
        XCTAssertEqual(codes(problems), ["key/missing@1:1"])
        XCTAssertEqual(problems[0].path, "name")
    }

    func testTypeMismatchSaysWhatItGot() throws {
        let (_, problems) = try check("name: 12\nlr: fast\n")
        XCTAssertEqual(codes(problems), ["type/mismatch@1:7", "type/mismatch@2:5"])
        XCTAssertEqual(problems[0].got, "the number 12")
        XCTAssertEqual(problems[1].expected, "a number")
        XCTAssertNotNil(problems[0].hint, "a number where a string is expected suggests quoting")
    }

    func testEnumValueListsTheAllowedValues() throws {
        let (_, problems) = try check("name: a\nopt: sgdd\n")
        XCTAssertEqual(codes(problems), ["value/enum@2:6"])
        XCTAssertEqual(problems[0].expected, "sgd, adam")
        XCTAssertEqual(problems[0].hint, "did you mean 'sgd'?")
    }

    func testRangesAndLengthsAreChecked() throws {
        let (_, problems) = try check("name: a\nlr: -1\nnested: {depth: 11}\nitems: [1, 2, 3, 4]\n")
        XCTAssertEqual(codes(problems), ["value/out-of-range@2:5", "value/out-of-range@3:17", "value/length@4:8"])
        XCTAssertEqual(problems[0].expected, "> 0")
        XCTAssertEqual(problems[1].expected, "[1, 10]")
    }

    func testNonFiniteNumbersAreRejected() throws {
        let (_, problems) = try check("name: a\nlr: .inf\n")
        XCTAssertEqual(codes(problems), ["value/out-of-range@2:5"])
    }

    func testAllProblemsAreReportedInOnePass() throws {
        let (_, problems) = try check("lr: 0\nopt: x\nbogus: 1\nnested: {flag: 3}\n")
        XCTAssertEqual(
            Set(problems.map(\.code)),
            ["value/out-of-range", "value/enum", "key/unknown", "type/mismatch", "key/missing"])
    }

    func testTaggedUnionPicksTheVariantAndRejectsForeignKeys() throws {
        let schema = SchemaType.tagged(
            key: "type",
            variants: [
                ("sgd", ObjectSchema("sgd", [SchemaField("momentum", .number(.unitHalfOpen), doc: "m")])),
                ("adam", ObjectSchema("adam", [SchemaField("eps", .number(.positive), doc: "e")])),
            ])
        let (_, problems) = SchemaChecker.check(
            try YAMLReader.parse(text: "type: adam\nmomentum: 0.9\n", file: "t.yaml"), against: schema)
        XCTAssertEqual(codes(problems), ["key/unknown@2:1"])
        XCTAssertTrue(problems[0].message.contains("type 'adam'"), problems[0].message)
        let (_, missing) = SchemaChecker.check(try YAMLReader.parse(text: "eps: 1\n", file: "t.yaml"), against: schema)
        XCTAssertEqual(codes(missing), ["key/missing@1:1"])
    }

    func testOneOfChoosesByNodeKind() throws {
        let schema = SchemaType.oneOf([
            .integer(min: 1), .enumeration(["classes"]), .array(.integer(), minItems: 2, maxItems: 2),
        ])
        for good in ["3", "classes", "[1, 2]"] {
            let (_, problems) = SchemaChecker.check(try YAMLReader.parse(text: good, file: "t.yaml"), against: schema)
            XCTAssertEqual(problems, [], good)
        }
        let (_, problems) = SchemaChecker.check(try YAMLReader.parse(text: "{a: 1}", file: "t.yaml"), against: schema)
        XCTAssertEqual(problems.map(\.code), ["type/mismatch"])
        let (_, enumProblem) = SchemaChecker.check(
            try YAMLReader.parse(text: "clases", file: "t.yaml"), against: schema)
        XCTAssertEqual(enumProblem.map(\.code), ["value/enum"])
    }
}
