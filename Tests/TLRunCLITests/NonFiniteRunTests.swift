import Foundation
import TLIO
import XCTest

/// What `tlrun run` does with weights holding NaN or infinite values and with training that diverges.
final class NonFiniteRunTests: XCTestCase {
    private var folder = ""

    override func setUp() {
        folder = temporaryFolder("non-finite-run")
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(atPath: folder)
    }

    /// A seed-cnn pipeline on 10 synthetic classes whose source weights are the golden ones with `tensor` all NaN.
    private func pipelineWithNaN(in tensor: String) throws -> String {
        var tensors = try Safetensors.read(path: try Fixtures.path("seed_cnn.weights.safetensors")).tensors
        let index = try XCTUnwrap(tensors.firstIndex { $0.name == tensor })
        tensors[index].values = .float32([Float](repeating: .nan, count: tensors[index].shape.reduce(1, *)))
        try Safetensors.write(tensors, metadata: [:], to: folder + "/nan.safetensors")
        let file = folder + "/nan.yaml"
        try """
        version: 1
        name: nan
        source: {model: seed-cnn, classes: 10, weights: \(folder)/nan.safetensors}
        dataset: {type: synthetic, classes: 10, images: 96, test_images: 20}
        head: []
        train: {epochs: 1, batch_size: 32, threads: 2}
        output: {dir: \(folder)/runs}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func testNaNSourceWeightsAreRefusedBeforeAnythingRunsAndTheFlagLoadsThemWithAWarning() throws {
        let file = try pipelineWithNaN(in: "fc3.bias")
        let refused = try tlrun("run", file)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains(
                "\(folder)/nan.safetensors: 1 tensor holds NaN or infinite values: fc3.bias (10 NaN, 0 infinite of 10 values)"
            ),
            refused.stderr)
        XCTAssertTrue(refused.stderr.contains("with --allow-non-finite-weights"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/runs"), "nothing was run")

        let allowed = try tlrun("run", file, "--allow-non-finite-weights")
        XCTAssertTrue(
            allowed.stdout.contains("  warning: NaN or infinite values in fc3.bias (10 NaN, 0 infinite of 10 values)"),
            allowed.stdout)
        XCTAssertEqual(allowed.status, 1, "the NaN bias makes the first loss NaN")
        XCTAssertTrue(allowed.stderr.contains("the loss became NaN at step 1 (epoch 1, batch 1 of 3)"), allowed.stderr)
        let runs = try FileManager.default.contentsOfDirectory(atPath: folder + "/runs/nan")
        XCTAssertEqual(runs.count, 1)
        let record = try String(contentsOfFile: "\(folder)/runs/nan/\(runs[0])/run.json", encoding: .utf8)
        XCTAssertTrue(record.contains("\"failed\""), record)
        XCTAssertTrue(record.contains("at step 1 (epoch 1"), record)
    }

    func testADivergingRunFailsAtItsStepAndKeepsTheLastGoodCheckpoint() throws {
        let file = folder + "/diverge.yaml"
        try """
        version: 1
        name: diverge
        seed: 4
        source: {model: seed-cnn, classes: 4, weights: random}
        dataset: {type: synthetic, family: shapes, classes: 4, images: 320, test_images: 20}
        head: []
        optimizer: {type: sgd, lr: 0.01}
        schedule: {type: multistep, milestones: [1], gamma: 1.0e+32}
        train: {epochs: 3, batch_size: 32, threads: 2}
        output: {dir: \(folder)/runs}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try tlrun("run", file)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("(epoch 2, batch "), result.stderr)
        XCTAssertTrue(
            result.stderr.contains("(optimizer.lr is 0.01, 1")
                && result.stderr.contains("e+30 in epoch 2 by the schedule)"), result.stderr)
        XCTAssertTrue(
            result.stderr.contains("epoch 1 is the last finished epoch, kept in the run's checkpoint"), result.stderr)
        XCTAssertTrue(result.stderr.contains("'tlrun resume --force RUN_FOLDER'"), result.stderr)
        let runs = try FileManager.default.contentsOfDirectory(atPath: folder + "/runs/diverge")
        let run = "\(folder)/runs/diverge/\(try XCTUnwrap(runs.first))"
        XCTAssertTrue(
            result.stdout.contains("\(run): the run is marked failed in run.json; its last checkpoint is kept"),
            result.stdout)
        XCTAssertTrue(try String(contentsOfFile: run + "/run.json", encoding: .utf8).contains("\"failed\""))
        XCTAssertTrue(FileManager.default.fileExists(atPath: run + "/checkpoint.safetensors"))
        let epochs = try String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(epochs.count, 1, "the checkpoint and the metrics stop at the last good epoch")
    }
}
