import Foundation
import XCTest

/// The committed JSON Schemas and the key references in docs/ are `tlrun schema`'s output (scripts/regenerate.sh
/// rewrites them all), and an independent validator accepts the shipped pipelines.
final class SchemaFileTests: XCTestCase {
    private var pipelines: [String] {
        (try! FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/pipelines"))
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "pipelines/" + $0 }
    }

    func testCommittedSchemaIsTheGeneratedSchema() throws {
        let generated = try tlrun("schema")
        XCTAssertEqual(generated.status, 0)
        let committed = try String(contentsOfFile: repositoryRoot + "/schemas/pipeline.schema.json", encoding: .utf8)
        XCTAssertTrue(
            committed == generated.stdout,
            "schemas/pipeline.schema.json is stale: run scripts/regenerate.sh")
    }

    func testPipelineReferencePageIsTheGeneratedReference() throws {
        let generated = try tlrun("schema", "--format", "markdown")
        XCTAssertEqual(generated.status, 0)
        let page = try String(contentsOfFile: repositoryRoot + "/docs/pipeline-reference.md", encoding: .utf8)
        XCTAssertTrue(
            page.contains("<!-- reference:start -->\n" + generated.stdout + "<!-- reference:end -->"),
            "docs/pipeline-reference.md is stale: run scripts/regenerate.sh")
    }

    func testTheSweepSchemaAndReferenceAreGeneratedAndTheShippedSweepsConform() throws {
        let generated = try tlrun("schema", "--sweep")
        XCTAssertEqual(generated.status, 0)
        XCTAssertTrue(
            try String(contentsOfFile: repositoryRoot + "/schemas/sweep.schema.json", encoding: .utf8)
                == generated.stdout,
            "schemas/sweep.schema.json is stale: run scripts/regenerate.sh")
        let reference = try tlrun("schema", "--sweep", "--format", "markdown")
        let page = try String(contentsOfFile: repositoryRoot + "/docs/sweeps.md", encoding: .utf8)
        XCTAssertTrue(
            page.contains("<!-- sweep-reference:start -->\n" + reference.stdout + "<!-- sweep-reference:end -->"),
            "docs/sweeps.md's sweep-file reference is stale: run scripts/regenerate.sh")
        let sweeps = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/pipelines/sweeps").filter {
            $0.hasSuffix(".yaml")
        }
        .map { "pipelines/sweeps/" + $0 }
        XCTAssertFalse(sweeps.isEmpty)
        let check = try independentCheck(sweeps, schema: "schemas/sweep.schema.json")
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("\(sweeps.count) passed, 0 failed"), check.stdout)
    }

    func testEveryPipelineStartsWithTheEditorSchemaLine() throws {
        for file in pipelines {
            let text = try String(contentsOfFile: repositoryRoot + "/" + file, encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("# yaml-language-server: $schema=../schemas/pipeline.schema.json\n"), file)
        }
    }

    /// Runs scripts/check-schema.py (Python jsonschema, not our code) on `files`, with the first Python that has
    /// jsonschema and yaml: the one on PATH, else Debian's (where scripts/setup.sh installs them).
    private func independentCheck(_ files: [String], schema: String = "schemas/pipeline.schema.json") throws
        -> CommandResult
    {
        let candidates = [["/usr/bin/env", "python3"], ["/usr/bin/python3"]]
        let python = try candidates.first { command in
            guard FileManager.default.isExecutableFile(atPath: command[0]) else { return false }
            return try runCommand(command[0], Array(command.dropFirst()) + ["-c", "import jsonschema, yaml"]).status
                == 0
        }
        guard let python else {
            throw XCTSkip(
                "no python3 with jsonschema and yaml (scripts/setup.sh installs Debian's python3-jsonschema and python3-yaml)"
            )
        }
        return try runCommand(python[0], Array(python.dropFirst()) + ["scripts/check-schema.py", schema] + files)
    }

    func testShippedPipelinesAndTheirResolvedFormsConformToTheSchema() throws {
        let folder = temporaryFolder()
        var resolved: [String] = []
        for file in pipelines {
            let result = try tlrun("resolve", file, "--offline")
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            let path = folder + "/" + URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent + ".json"
            try result.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            resolved.append(path)
        }
        let check = try independentCheck(pipelines + resolved)
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("\(pipelines.count * 2) passed, 0 failed"), check.stdout)
    }

    func testTheIndependentValidatorRejectsABrokenPipeline() throws {
        let folder = temporaryFolder()
        let broken = folder + "/broken.yaml"
        try
            "version: 1\nname: b\nsource: {model: seed-cnn, weights: random}\ndataset: {type: synthetic, classes: 3}\noptimizer: {type: sgd, momentm: 0.9}\n"
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let partial = folder + "/partial.yaml"
        try "extends: base.yaml\ntrain: {epochs: -1}\n".write(toFile: partial, atomically: true, encoding: .utf8)
        let check = try independentCheck([broken, partial])
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.stdout.contains("momentm"), check.stdout)
        XCTAssertTrue(check.stdout.contains("0 passed, 2 failed"), check.stdout)
    }
}
