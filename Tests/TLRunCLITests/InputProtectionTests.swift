import Foundation
import XCTest

/// `--write`, `-o` and `convert`'s output never replace a file the command reads (the pipeline, its bases, the model),
/// however the path is spelled; and export says what it expects when given a pipeline.
final class InputProtectionTests: XCTestCase {
    private func assertRefusedOverwrite(
        _ result: CommandResult, output: String, input: String, untouched path: String, was contents: Data,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(result.status, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(
            result.stderr.contains(
                "\(output): this is \(input), which the command reads; writing it would replace that file"),
            result.stderr, file: file, line: line)
        XCTAssertEqual(
            FileManager.default.contents(atPath: path), contents, "\(path) is untouched", file: file, line: line)
    }

    func testAdviseRefusesToWriteOverThePipelineOrABaseItExtends() throws {
        let folder = temporaryFolder("advise-write")
        let base = folder + "/base.yaml", pipeline = folder + "/p.yaml"
        try """
        version: 1
        name: base
        source: {model: seed-cnn, classes: 4, weights: random}
        dataset: {type: synthetic, family: shapes, classes: 4, images: 80}
        head: []
        """.write(toFile: base, atomically: true, encoding: .utf8)
        try "extends: base.yaml\nname: p\n".write(toFile: pipeline, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.yaml", withDestinationPath: pipeline)
        let pipelineBytes = try XCTUnwrap(FileManager.default.contents(atPath: pipeline))
        let baseBytes = try XCTUnwrap(FileManager.default.contents(atPath: base))
        for output in [pipeline, folder + "/./p.yaml", folder + "/link.yaml"] {
            assertRefusedOverwrite(
                try tlrun("advise", pipeline, "--write", output), output: output, input: pipeline,
                untouched: pipeline, was: pipelineBytes)
        }
        assertRefusedOverwrite(
            try tlrun("advise", pipeline, "--write", base), output: base, input: base, untouched: base, was: baseBytes)
    }

    func testExportRefusesToWriteOverTheModelItReads() throws {
        let folder = temporaryFolder("export-self")
        let run = folder + "/run"
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        let model = run + "/model.safetensors"
        let bytes = Data("not really a model".utf8)
        try bytes.write(to: URL(fileURLWithPath: model))
        try FileManager.default.createSymbolicLink(atPath: folder + "/model-link.onnx", withDestinationPath: model)
        assertRefusedOverwrite(
            try tlrun("export", model, "-o", model), output: model, input: model, untouched: model, was: bytes)
        assertRefusedOverwrite(
            try tlrun("export", run, "-o", model), output: model, input: model, untouched: model, was: bytes)
        assertRefusedOverwrite(
            try tlrun("export", run, "-o", folder + "/model-link.onnx"), output: folder + "/model-link.onnx",
            input: model,
            untouched: model, was: bytes)
        assertRefusedOverwrite(
            try tlrun("convert", model, model), output: model, input: model, untouched: model, was: bytes)
    }

    func testExportGivenAPipelineSaysWhatItExpects() throws {
        let folder = temporaryFolder("export-yaml")
        let pipeline = folder + "/pipeline.yaml"
        try "version: 1\nname: p\n".write(toFile: pipeline, atomically: true, encoding: .utf8)
        let result = try tlrun("export", pipeline, "-o", folder + "/m.onnx")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "\(pipeline) is a pipeline file (YAML), not a model; expected a model.safetensors written by a run, "
                    + "or the run folder holding one"), result.stderr)
        XCTAssertFalse(result.stderr.contains("header length"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/m.onnx"))
    }
}
