import Foundation
import TLData
import XCTest

/// `tlrun export` and `output.onnx` as a person uses them: the ONNX model serves the same predictions as
/// `tlrun predict`, and the serving snippet of docs/onnx.md runs on it.
final class ExportCommandTests: XCTestCase {
    private let python = repositoryRoot + "/.build/onnx-venv/bin/python"

    /// Trains a tiny pipeline with a normalisation (and `output.onnx: true`); returns its run folder.
    private func trainedRun(in folder: String) throws -> String {
        let file = folder + "/p.yaml"
        try """
        version: 1
        name: exported
        seed: 3
        source: {model: seed-cnn, classes: 4, weights: random}
        dataset:
          type: synthetic
          family: shapes
          classes: 4
          images: 160
          test_images: 40
          test: {source: test}
          transforms: [{op: normalize, mean: [0.4], std: [0.3]}]
        head: []
        train: {epochs: 1, batch_size: 32, threads: 2}
        output: {dir: \(folder)/runs, onnx: true}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try tlrun("run", file, "--quiet")
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(result.stdout.split(separator: "\n").last.map(String.init))
    }

    func testTheExportedModelPredictsLikeTlrunAndTheDocumentedSnippetServesIt() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: python), "run scripts/setup.sh: it makes \(python)")
        let folder = temporaryFolder("export")
        let run = try trainedRun(in: folder)
        XCTAssertTrue(FileManager.default.fileExists(atPath: run + "/model.onnx"), "output.onnx writes model.onnx")
        let model = folder + "/served.onnx"
        let export = try tlrun("export", run, "-o", model, "--with-preprocessing", "--softmax")
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertTrue(export.stdout.contains("wrote \(model) (opset 17, batch dynamic, 4 classes"), export.stdout)

        var random = SystemRandomNumberGenerator()
        let pixels = (0..<(28 * 28)).map { _ in UInt8.random(in: 0...255, using: &random) }
        try Data(PNGEncoder.encode(Image(width: 28, height: 28, channels: 1, pixels: pixels))).write(
            to: URL(fileURLWithPath: folder + "/x.png"))
        let floats = pixels.map { Float($0) / 255 }
        try Float32Files.write(floats, to: folder + "/x.bin")
        let served = try runCommand(
            python,
            [
                repositoryRoot + "/Tests/TLONNXTests/onnx_check.py", model, folder + "/x.bin", folder + "/p.bin",
                "1", "1", "28", "28",
            ])
        XCTAssertEqual(served.status, 0, served.stderr)
        let probabilities = try Float32Files.read(folder + "/p.bin")
        XCTAssertEqual(probabilities.count, 4)
        XCTAssertEqual(Double(probabilities.reduce(0, +)), 1, accuracy: 1e-5, "--softmax outputs probabilities")

        let predicted = try tlrun("predict", run, folder + "/x.png", "--top", "4", "--format", "json")
        XCTAssertEqual(predicted.status, 0, predicted.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(predicted.stdout.utf8)) as? [String: Any]
        let top = try XCTUnwrap(object?["top"] as? [[String: Any]])
        let names = try classNames(model)
        for entry in top {
            let index = try XCTUnwrap(names.firstIndex(of: entry["class"] as? String ?? ""))
            XCTAssertEqual(
                Double(probabilities[index]), entry["probability"] as? Double ?? -1, accuracy: 1e-4, "\(entry)")
        }

        let snippet = try servingSnippet().replacingOccurrences(of: "case1.onnx", with: model)
        let serving = try runCommand(python, ["-c", snippet])
        XCTAssertEqual(serving.status, 0, serving.stderr)
        let lines = serving.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 4, serving.stdout)
        XCTAssertTrue(lines.allSatisfy { line in names.contains { line.hasPrefix($0 + " ") } }, serving.stdout)
    }

    func testExportMistakesAreUsageErrorsAndAMissingModelIsAFailure() throws {
        XCTAssertEqual(try tlrun("export", "x", "-o", "y.onnx", "--opset", "12").status, 2)
        XCTAssertEqual(try tlrun("export", "x", "-o", "y.onnx", "--format", "tflite").status, 2)
        XCTAssertEqual(try tlrun("export", "x", "-o", "y.onnx", "--batch", "0").status, 2)
        let missing = try tlrun("export", temporaryFolder("export"), "-o", temporaryFolder("export") + "/y.onnx")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("model.safetensors"), missing.stderr)
    }

    /// The class names in an ONNX model's metadata.
    private func classNames(_ model: String) throws -> [String] {
        let result = try runCommand(
            python,
            [
                "-c",
                "import onnx, sys; m = onnx.load(sys.argv[1]); "
                    + "print({p.key: p.value for p in m.metadata_props}['class_names'])", model,
            ])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String] ?? []
    }

    /// The Python between the `onnx-serve` markers of docs/onnx.md.
    private func servingSnippet() throws -> String {
        let page = try String(contentsOfFile: repositoryRoot + "/docs/onnx.md", encoding: .utf8)
        let start = try XCTUnwrap(page.range(of: "<!-- onnx-serve:start -->\n```python\n"))
        let end = try XCTUnwrap(page.range(of: "```\n<!-- onnx-serve:end -->"))
        return String(page[start.upperBound..<end.lowerBound])
    }
}
