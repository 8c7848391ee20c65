import XCTest

@testable import TLConfig

final class YAMLScalarResolutionTests: XCTestCase {
    private func resolve(_ text: String) throws -> YAMLScalar? {
        try parseYAML("v: \(text)\n").value(forKey: "v")?.resolved
    }

    func testCoreSchemaTable() throws {
        let table: [(String, YAMLScalar)] = [
            ("", .null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
            ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
            ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
            ("0", .int(0)), ("42", .int(42)), ("-17", .int(-17)), ("+5", .int(5)), ("007", .int(7)),
            ("0x1F", .int(31)), ("0xff", .int(255)), ("0o17", .int(15)),
            ("1.5", .double(1.5)), ("-2.25", .double(-2.25)), ("1e-3", .double(0.001)), ("6.02E+23", .double(6.02e23)),
            (".5", .double(0.5)), ("1.", .double(1)), (".inf", .double(.infinity)), ("-.Inf", .double(-.infinity)),
            ("+.INF", .double(.infinity)),
            ("99999999999999999999", .double(1e20)),
            ("1_000", .string("1_000")), ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")),
            ("0x", .string("0x")), ("-0x1", .string("-0x1")), ("0o8", .string("0o8")), ("1e", .string("1e")),
            ("inf", .string("inf")), ("nan", .string("nan")), ("1.2.3", .string("1.2.3")), ("+", .string("+")),
            ("hello world", .string("hello world")),
        ]
        for (text, expected) in table {
            XCTAssertEqual(try resolve(text), expected, "resolving \(text.debugDescription)")
        }
    }

    func testNotANumber() throws {
        for text in [".nan", ".NaN", ".NAN"] {
            guard case let .double(value)? = try resolve(text) else {
                return XCTFail("\(text) should resolve to a double")
            }
            XCTAssertTrue(value.isNaN, text)
        }
    }

    func testQuotedAndBlockScalarsStayStrings() throws {
        XCTAssertEqual(try resolve("\"123\""), .string("123"))
        XCTAssertEqual(try resolve("'true'"), .string("true"))
        XCTAssertEqual(try resolve("\"\""), .string(""))
        XCTAssertEqual(try resolve("'~'"), .string("~"))
        XCTAssertEqual(try parseYAML("v: |\n  12\n").value(forKey: "v")?.resolved, .string("12\n"))
    }

    func testExplicitTags() throws {
        XCTAssertEqual(try resolve("!!str 123"), .string("123"))
        XCTAssertEqual(try resolve("!!str true"), .string("true"))
        XCTAssertEqual(try resolve("!!int \"12\""), .int(12))
        XCTAssertEqual(try resolve("!!float 1"), .double(1))
        XCTAssertEqual(try resolve("!!int abc"), .string("abc"))
        XCTAssertEqual(try resolve("! 12"), .string("12"))
        XCTAssertEqual(try resolve("!local 12"), .string("12"))
    }

    func testKeysResolveToo() throws {
        let root = try parseYAML("1: one\n\"2\": two\n")
        XCTAssertEqual(root.pairList.map(\.key.resolved), [.int(1), .string("2")])
    }
}
