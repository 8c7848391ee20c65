import Foundation
import XCTest

final class ValidateCommandTests: XCTestCase {
    private func write(_ text: String, name: String = "p.yaml") -> String {
        let path = temporaryFolder() + "/" + name
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private let valid = """
        version: 1
        name: tiny
        source: {model: seed-cnn, classes: 5, weights: random}
        dataset: {type: synthetic, classes: 3}
        slice: {before: fc3}
        head: [{op: linear, out_features: classes}]
        """

    func testShippedPipelinesAreValid() throws {
        let result = try tlrun(
            "validate", "pipelines/pretrain.yaml", "pipelines/case1.yaml", "pipelines/case2.yaml",
            "pipelines/case3.yaml", "pipelines/case4.yaml", "--offline")
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(
            result.stdout.components(separatedBy: "valid (0 errors, 0 warnings)").count - 1, 5, result.stdout)
    }

    func testWindowsAndOldMacLineEndsKeepTheSourceExcerpt() throws {
        let body = valid + "\ntrain: {epochs: 0}\n"
        for (name, newline) in [("crlf.yaml", "\r\n"), ("cr.yaml", "\r")] {
            let result = try tlrun("validate", write(body.replacingOccurrences(of: "\n", with: newline), name: name))
            XCTAssertEqual(result.status, 1, result.stdout)
            XCTAssertTrue(result.stdout.contains(":7:17: error[value/out-of-range]"), "\(name): \(result.stdout)")
            XCTAssertTrue(
                result.stdout.contains(" 7 | train: {epochs: 0}\n   |                 ^\n"), "\(name): \(result.stdout)"
            )
        }
    }

    func testExitCodesAreZeroOneAndTwo() throws {
        XCTAssertEqual(try tlrun("validate", write(valid)).status, 0)
        XCTAssertEqual(try tlrun("validate", write(valid + "\nbogus: 1\n")).status, 1)
        XCTAssertEqual(try tlrun("validate").status, 2, "no file is a usage error")
        XCTAssertEqual(try tlrun("validate", "--format", "xml", write(valid)).status, 2)
        XCTAssertEqual(try tlrun("frobnicate").status, 2)
        XCTAssertEqual(
            try tlrun("validate", "/nonexistent/pipeline.yaml").status, 1,
            "a missing file is an invalid pipeline, not a crash")
    }

    func testTextOutputShowsTheLineCaretExpectedAndHint() throws {
        let file = write(valid.replacingOccurrences(of: "name: tiny", with: "name: tiny\noptimiser: {type: sgd}"))
        let result = try tlrun("validate", file)
        XCTAssertEqual(
            result.stdout,
            """
            \(file):3:1: error[key/unknown]: unknown key 'optimiser' in a pipeline
             3 | optimiser: {type: sgd}
               | ^~~~~~~~~
                at: optimiser
                expected: version, name, description, extends, seed, case, source, dataset, slice, freeze, head, device, optimizer, schedule, train, output
                got:      'optimiser'
                hint: did you mean 'optimizer'?
            \(file): invalid (1 error, 0 warnings)

            """)
    }

    func testShapeErrorsShowTheShapeTrace() throws {
        let file = write(valid.replacingOccurrences(of: "slice: {before: fc3}", with: "slice: conv3"))
        let result = try tlrun("validate", file)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("error[shape/linear-4d]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("shape trace:"), result.stdout)
        XCTAssertTrue(result.stdout.contains("conv3.pool    maxpool2d           N×128×3×3"), result.stdout)
        XCTAssertTrue(
            result.stdout.contains(
                "hint: add {op: flatten} (1152 features) or {op: global_avgpool} (128 features) before it"),
            result.stdout)
    }

    func testGitHubFormatWritesWorkflowAnnotations() throws {
        let file = write(valid.replacingOccurrences(of: "classes: 5", with: "classes: 5, input: [1, 28, 28], bogus: 1"))
        let result = try tlrun("validate", "--format", "github", file)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(
            result.stdout,
            "::error file=\(file),line=3,col=59,endLine=3,endColumn=64,title=key/unknown::unknown key 'bogus' in 'source' (expected model, input, classes, weights, key, rename, got 'bogus'). Hint: remove it; the allowed keys are listed above\n"
        )
    }

    func testJSONFormatIsAnArrayOfDiagnostics() throws {
        let file = write(valid + "\ndevice: cuda:1\n")
        let result = try tlrun("validate", "--format", "json", file)
        XCTAssertEqual(result.status, 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(parsed.count, 1)
        XCTAssertEqual(parsed[0]["code"] as? String, "device/unavailable")
        XCTAssertEqual(parsed[0]["line"] as? Int, 7)
        XCTAssertEqual(parsed[0]["column"] as? Int, 9)
        XCTAssertEqual(parsed[0]["expected"] as? String, "cpu or auto")
    }

    func testOverridesAreValidatedLikeTheFile() throws {
        let file = write(valid)
        XCTAssertEqual(try tlrun("validate", file, "--set", "optimizer.lr=0.01").status, 0)
        let bad = try tlrun("validate", file, "--set", "optimizer.lr=-1", "--set", "train.epoch=3")
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stdout.contains("--set optimizer.lr=-1:1:14: error[value/out-of-range]"), bad.stdout)
        XCTAssertTrue(bad.stdout.contains("error[key/unknown]: unknown key 'epoch' in 'train'"), bad.stdout)
        XCTAssertTrue(bad.stdout.contains("did you mean 'epochs'?"), bad.stdout)
    }

    func testHostileFilesFailFastWithAClearError() throws {
        let big = write(String(repeating: "# padding line\n", count: 700_000), name: "big.yaml")
        let deep = write(String(repeating: "[", count: 10_000), name: "deep.yaml")
        let bomb = write(
            (0..<9).map { i in
                "l\(i + 1): &l\(i + 1) [" + Array(repeating: "*l\(i)", count: 9).joined(separator: ", ") + "]"
            }
            .joined(separator: "\n").replacingOccurrences(of: "*l0", with: "x") + "\n", name: "bomb.yaml")
        for (file, code) in [(big, "yaml/too-large"), (deep, "yaml/too-deep"), (bomb, "yaml/alias-bomb")] {
            let result = try tlrun("validate", file)
            XCTAssertEqual(result.status, 1, file)
            XCTAssertTrue(result.stdout.contains("\(file):"), result.stdout)
            XCTAssertTrue(result.stdout.contains("error[\(code)]"), result.stdout)
        }
    }
}
