import Foundation
import TLConfig
import TLLayerCatalog
import XCTest

@testable import TLGraph

final class SourceWeightsCheckTests: XCTestCase {
    private func validate(_ source: String) -> ValidationResult {
        let folder = temporaryFolder("rename")
        let file = folder + "/p.yaml"
        try!
            "version: 1\nname: r\ndataset: {type: synthetic, classes: 10}\nsource:\n  model: seed-cnn\n\(source)head: []\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        return PipelineValidator.standard.validate(file: file, offline: true)
    }

    private func problems(_ result: ValidationResult) -> [String] {
        result.diagnostics.filter { $0.severity != .note }.map {
            "\($0.code)@\($0.span.start.line):\($0.span.start.column)"
        }
    }

    func testValidRulesAndKeyReachTheTypedPipelineWithoutDiagnostics() {
        let result = validate(
            """
              weights: backbone.pth
              key: model_state_dict
              rename:
                - strip_prefix: module.
                - {regex: '^backbone\\.(.*)$', replace: $1}
                - drop: "^aux\\\\."

            """)
        XCTAssertEqual(problems(result), [])
        XCTAssertEqual(result.pipeline.source.key, "model_state_dict")
        XCTAssertEqual(
            result.pipeline.source.rename.map(\.action),
            [
                .stripPrefix("module."), .replace(pattern: "^backbone\\.(.*)$", template: "$1"),
                .drop(pattern: "^aux\\."),
            ])
    }

    func testAnInvalidRegexIsAnErrorAtThePatternNamingItAndTheReason() throws {
        let result = validate(
            """
              weights: backbone.pth
              rename:
                - strip_prefix: module.
                - {regex: '^backbone\\.(.*$', replace: $1}

            """)
        XCTAssertEqual(problems(result), ["weights/rename-regex@9:15"])
        let diagnostic = try XCTUnwrap(result.diagnostics.first { $0.code == "weights/rename-regex" })
        XCTAssertEqual(diagnostic.path, "source.rename[1].regex")
        XCTAssertEqual(diagnostic.message, "invalid regular expression '^backbone\\.(.*$': expected ')'")
        XCTAssertEqual(diagnostic.severity, .error)
        XCTAssertFalse(result.isValid)
    }

    func testAnInvalidDropPatternIsReportedToo() {
        XCTAssertEqual(
            problems(validate("  weights: random\n  rename: [{drop: '*aux'}]\n")), ["weights/rename-regex@7:19"])
    }

    func testAReplacementNamingAMissingGroupIsAnError() {
        let result = validate("  weights: w.pth\n  rename: [{regex: '^backbone\\.', replace: '$1'}]\n")
        XCTAssertEqual(problems(result), ["weights/rename-group@7:44"])
        XCTAssertTrue(result.diagnostics.contains { $0.message.contains("has no groups") })
    }

    func testAKeyForASafetensorsFileIsAnError() {
        XCTAssertEqual(problems(validate("  weights: w.safetensors\n  key: state_dict\n")), ["weights/key@7:8"])
        XCTAssertEqual(problems(validate("  weights: w.pth\n  key: state_dict\n")), [])
    }
}
