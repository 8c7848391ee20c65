import Foundation
import XCTest

/// `tlrun advise` as a person uses it: the table and recommendation, the files it writes, and its refusals.
final class AdviseCommandTests: XCTestCase {
    private func pipeline(in folder: String) throws -> String {
        let file = folder + "/digits.yaml"
        try """
        version: 1
        name: digits
        seed: 4
        case: 1
        source: {model: seed-cnn, classes: 4, weights: random}
        dataset: {type: synthetic, family: blobs, classes: 4, images: 80, test_images: 20}
        train: {epochs: 2, batch_size: 16}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func testAdvisePrintsTheTableAndWritesAPipelineAndAChart() throws {
        let folder = temporaryFolder("advise-cli")
        let file = try pipeline(in: folder)
        let written = folder + "/out/advised.yaml"
        let result = try tlrun("advise", file, "--write", written, "--quiet")
        XCTAssertEqual(result.status, 0, result.stderr)
        for expected in [
            "cut after", "conv1", "fc2", "k-NN acc", "LogME", "probe acc", "recommended: case",
            "wrote pipeline: \(written)",
        ] {
            XCTAssertTrue(result.stdout.contains(expected), "missing '\(expected)' in:\n\(result.stdout)")
        }
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: folder + "/out/advised.svg"), "the chart goes beside the pipeline")
        let validation = try tlrun("validate", written)
        XCTAssertEqual(validation.status, 0, validation.stdout + validation.stderr)
        XCTAssertTrue(try String(contentsOfFile: written, encoding: .utf8).contains("# Recommended: case"))
    }

    func testJSONOutputIsOneDocument() throws {
        let folder = temporaryFolder("advise-json")
        let result = try tlrun("advise", try pipeline(in: folder), "--format", "json", "--cuts", "conv2,fc2")
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((json["cuts"] as? [[String: Any]])?.count, 2)
    }

    func testAnUnknownCutIsAnInvalidInputNamingTheFileAndTheCutPoints() throws {
        let folder = temporaryFolder("advise-bad")
        let file = try pipeline(in: folder)
        let result = try tlrun("advise", file, "--cuts", "conv7")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(
            result.stderr.contains(file) && result.stderr.contains("'conv7'")
                && result.stderr.contains("conv1, conv2, conv3, fc1, fc2") && result.stderr.contains("--cuts"),
            result.stderr)
    }

    func testASourceWithNothingToCutIsAnInvalidInputNamingTheFile() throws {
        let folder = temporaryFolder("advise-flat")
        let file = folder + "/flat.yaml"
        try """
        version: 1
        name: flat
        seed: 2
        source: {model: [{op: flatten, name: flatten}, {op: linear, name: fc, out_features: 4}], input: [1, 28, 28], classes: 4,
                 weights: random}
        dataset: {type: synthetic, family: stripes, classes: 4, images: 40}
        head: []
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try tlrun("advise", file)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(
            result.stderr.contains("\(file): the source network has no cut point before its classifier")
                && result.stderr.contains("tlrun run"), result.stderr)
    }

    func testAnInvalidPipelineIsReportedWithItsDiagnostics() throws {
        let folder = temporaryFolder("advise-invalid")
        let file = folder + "/broken.yaml"
        try "version: 1\nname: broken\nsource: {model: seed-cnn, weights: random}\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let result = try tlrun("advise", file)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("\(file): invalid"), result.stderr)
    }

    func testBadArgumentsAreUsageErrors() throws {
        let folder = temporaryFolder("advise-usage")
        let file = try pipeline(in: folder)
        for arguments in [
            ["--budget", "0"], ["--budget", "-3"], ["--write", folder + "/out.txt"], ["--format", "xml"],
        ] {
            let result = try runCommand(tlrunBinary, ["advise", file] + arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stderr.isEmpty)
        }
    }
}
