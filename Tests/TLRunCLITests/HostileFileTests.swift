import Foundation
import XCTest

/// Files that are not regular files, given wherever tlrun reads one: refused by name and kind before anything opens
/// them (a FIFO would wait for a writer forever, a device would never end), with exit status 1.
final class HostileFileTests: XCTestCase {
    /// Asserts that `result` is a refusal (status 1) naming `path` and saying `fragment` (on either output), not a system error text.
    private func assertRefused(
        _ result: CommandResult, naming path: String, saying fragment: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let text = result.stdout + result.stderr
        XCTAssertEqual(result.status, 1, text, file: file, line: line)
        XCTAssertTrue(text.contains(path), "names \(path): \(text)", file: file, line: line)
        XCTAssertTrue(text.contains(fragment), "says '\(fragment)': \(text)", file: file, line: line)
        for systemText in ["permission", "NSCocoaErrorDomain", "error 256"] {
            XCTAssertFalse(text.contains(systemText), text, file: file, line: line)
        }
    }

    func testAFIFOPipelineIsRefusedByValidateSummaryAndRun() throws {
        let folder = temporaryFolder("fifo-pipeline")
        let pipe = folder + "/p.yaml"
        XCTAssertEqual(mkfifo(pipe, 0o600), 0)
        for command in ["validate", "summary", "run"] {
            assertRefused(
                try tlrun(command, pipe), naming: pipe, saying: "it is a FIFO (named pipe), not a regular file")
        }
    }

    func testWeightsFilesThatAreAFIFOADeviceOrAFolderAreNamedForWhatTheyAre() throws {
        let folder = temporaryFolder("fifo-weights")
        XCTAssertEqual(mkfifo(folder + "/pipe.safetensors", 0o600), 0)
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/zero.safetensors", withDestinationPath: "/dev/zero")
        try FileManager.default.createDirectory(atPath: folder + "/folder.pth", withIntermediateDirectories: true)
        for (name, kind) in [
            ("pipe.safetensors", "is a FIFO (named pipe), not a regular file"),
            ("zero.safetensors", "is a device, not a regular file"),
            ("folder.pth", "is a folder (directory), not a regular file"),
        ] {
            let path = folder + "/" + name
            assertRefused(try tlrun("inspect-weights", path), naming: path, saying: kind)
            if !name.hasPrefix("folder") {
                assertRefused(try tlrun("export", path, "-o", folder + "/out.onnx"), naming: path, saying: kind)
            }
        }
        let pipeline = folder + "/p.yaml"
        try """
        version: 1
        name: fifo-weights
        source: {model: seed-cnn, classes: 4, weights: \(folder)/pipe.safetensors}
        dataset: {type: synthetic, family: shapes, classes: 4, images: 40}
        head: []
        """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        let validated = try tlrun("validate", pipeline)
        assertRefused(
            validated, naming: folder + "/pipe.safetensors", saying: "is a FIFO (named pipe), not a regular file")
        XCTAssertTrue(validated.stdout.contains("\(pipeline):3:"), "at the weights key: \(validated.stdout)")
    }

    func testAnEmptyExtendsIsReportedAtItsKey() throws {
        let folder = temporaryFolder("empty-extends")
        let pipeline = folder + "/p.yaml"
        try "version: 1\nextends: ''\nname: empty-extends\n".write(toFile: pipeline, atomically: true, encoding: .utf8)
        let result = try tlrun("validate", pipeline)
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("\(pipeline):2:1"), result.stdout)
        XCTAssertTrue(result.stdout.contains("'extends' is empty"), result.stdout)
        XCTAssertFalse(result.stdout.contains("directory"), result.stdout)
    }
}

/// `validate` reports what would fail a run at its end: a layer ONNX cannot express when `output.onnx` is on.
final class ONNXValidationTests: XCTestCase {
    func testALayerONNXCannotExpressWithOutputONNXIsReportedAtTheLayerAndTheKey() throws {
        let folder = temporaryFolder("onnx-pool")
        let file = folder + "/p.yaml"
        try """
        version: 1
        name: onnx-pool
        source: {model: seed-cnn, classes: 4, weights: random}
        dataset: {type: synthetic, family: shapes, classes: 4, images: 40}
        slice: conv2.relu
        head:
          - {op: adaptive_avgpool2d, name: head.pool, output_size: 4}
          - {op: flatten, name: head.flatten}
          - {op: linear, name: head.fc, out_features: classes}
        output:
          onnx: true
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try tlrun("validate", file)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let text = result.stdout + result.stderr
        XCTAssertTrue(text.contains("\(file):7:5"), "at the layer: \(text)")
        XCTAssertTrue(
            text.contains(
                "adaptive_avgpool2d 'head.pool' cannot be written as ONNX opset 17, which output.onnx (\(file):11:3) asks of the run"
            ), text)
        XCTAssertTrue(text.contains("its 14x14 input does not divide into 4x4 equal windows"), text)
        let off = try tlrun("validate", file, "--set", "output.onnx=false")
        XCTAssertEqual(off.status, 0, off.stdout + off.stderr)
    }
}
