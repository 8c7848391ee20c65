import XCTest

@testable import TLConfig

final class RenameRuleSchemaTests: XCTestCase {
    private let listPath = ConfigPath.root.key("rename")

    private func check(_ text: String) throws -> (YAMLNode, [Diagnostic]) {
        SchemaChecker.check(
            try YAMLReader.parse(text: text, file: "r.yaml"), against: .array(PipelineSchema.renameRule), at: listPath)
    }

    func testTheThreeFormsReadAsTypedRulesInOrder() throws {
        let (node, problems) = try check(
            #"[{strip_prefix: module.}, {regex: '^backbone\.(.*)$', replace: $1}, {drop: "^aux_head\\."}]"#)
        XCTAssertEqual(problems, [])
        let rules = tensorRenameRules(node, at: listPath)
        XCTAssertEqual(
            rules.map(\.action),
            [
                .stripPrefix("module."), .replace(pattern: #"^backbone\.(.*)$"#, template: "$1"),
                .drop(pattern: #"^aux_head\."#),
            ])
        XCTAssertEqual(rules.map(\.path.description), ["rename[0]", "rename[1]", "rename[2]"])
        XCTAssertEqual(rules[2].text, #"{drop: "^aux_head\\."}"#)
    }

    func testAnEntryWithNoRuleKeySuggestsTheNearestOne() throws {
        let (_, problems) = try check("- {strip: module.}\n- {}\n")
        XCTAssertEqual(codes(problems), ["key/missing@1:3", "key/missing@2:3"])
        XCTAssertEqual(problems[0].hint, "did you mean 'strip_prefix'?")
        XCTAssertEqual(problems[0].expected, "one of strip_prefix, regex, drop")
        XCTAssertEqual(problems[1].got, "an empty mapping")
    }

    func testAnEntryWithTwoRuleKeysIsReportedAtTheSecondKey() throws {
        let (_, problems) = try check("- {strip_prefix: module., drop: aux}\n")
        XCTAssertEqual(codes(problems), ["key/exclusive@1:27"])
        XCTAssertEqual(problems[0].path, "rename[0].drop")
        XCTAssertTrue(problems[0].message.contains("both 'strip_prefix' and 'drop'"), problems[0].message)
    }

    func testARegexRuleNeedsItsReplacementAndAScalarIsNoRule() throws {
        let (_, problems) = try check("- {regex: a}\n- module.\n")
        XCTAssertEqual(codes(problems), ["key/missing@1:3", "type/mismatch@2:3"])
        XCTAssertEqual(problems[0].path, "rename[0].replace")
        XCTAssertEqual(problems[1].expected, "a mapping such as {strip_prefix: ...}")
    }

    func testTheJSONSchemaAcceptsExactlyOneRuleKeyPerEntry() {
        guard case .object(let pairs) = JSONSchemaExporter.json(PipelineSchema.renameRule, partial: false),
            case .array(let variants)? = pairs.first(where: { $0.0 == "oneOf" })?.1
        else {
            return XCTFail("a rename rule is not exported as oneOf")
        }
        let required = variants.map { variant -> [JSONValue] in
            guard case .object(let fields) = variant,
                case .array(let names)? = fields.first(where: { $0.0 == "required" })?.1
            else { return [] }
            return names
        }
        XCTAssertEqual(
            required, [[.string("strip_prefix")], [.string("regex"), .string("replace")], [.string("drop")]])
    }

    func testAnInvalidPatternNamesThePatternAndWhatIsWrong() {
        XCTAssertThrowsError(try TensorNamePattern.compile("^backbone\\.(.*$")) { error in
            XCTAssertEqual("\(error)", "invalid regular expression '^backbone\\.(.*$': expected ')'")
        }
        XCTAssertEqual(try TensorNamePattern.compile("^a(b)$").numberOfCaptureGroups, 1)
    }

    func testAReplacementNamingAMissingGroupIsFound() throws {
        let oneGroup = try TensorNamePattern.compile("^backbone\\.(.*)$")
        XCTAssertNil(TensorNamePattern.missingGroup(in: "$1", for: oneGroup))
        XCTAssertNil(
            TensorNamePattern.missingGroup(in: "\\$2.$0", for: oneGroup), "an escaped dollar and $0 name no group")
        XCTAssertEqual(
            TensorNamePattern.missingGroup(in: "x.$2", for: oneGroup),
            "'$2' in 'x.$2' names group 2, but '^backbone\\.(.*)$' has only group 1")
    }
}
