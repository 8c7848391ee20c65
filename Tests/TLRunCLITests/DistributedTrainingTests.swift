import Foundation
import TLIO
import XCTest

/// `mpirun -np 2 tlrun run`: data-parallel training equal to one process, rank 0 writing the run, and the ways it
/// refuses or stops. Needs Open MPI's mpirun (scripts/setup.sh installs it); root is allowed to run it here.
final class DistributedTrainingTests: XCTestCase {
    private var mpirun = ""

    override func setUpWithError() throws {
        guard
            let found = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first(where: FileManager.default.isExecutableFile)
        else {
            throw XCTSkip("Open MPI's mpirun is not installed (scripts/setup.sh installs it)")
        }
        mpirun = found
    }

    /// seed-cnn (with its dropout) on 289 of 321 synthetic images (32 validate) in batches of 32: 10 steps an epoch, the
    /// last global batch of one image (rank 0's share of it is empty). SGD with momentum: Adam's division by the root
    /// of tiny second moments turns rounding differences in near-zero gradients into whole steps (as in PyTorch).
    private func pipeline(
        in folder: String, epochs: Int = 2, batchSize: Int = 32, lr: String = "0.01", transfer: String = "head: []"
    ) throws -> String {
        let file = folder + "/p.yaml"
        try """
        version: 1
        name: ddp
        seed: 3
        source: {model: seed-cnn, classes: 3, weights: random}
        dataset: {type: synthetic, family: shapes, classes: 3, images: 321, test_images: 90, val: {source: train, fraction: 0.1}, test: {source: test}}
        \(transfer)
        optimizer: {type: sgd, lr: \(lr), momentum: 0.9}
        train: {epochs: \(epochs), batch_size: \(batchSize), threads: 1, grad_clip: 5.0}
        output: {dir: \(folder)/runs}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    private func launch(_ processes: Int, _ arguments: String...) throws -> CommandResult {
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        return try runCommand(
            mpirun, ["-np", "\(processes)", "--oversubscribe", tlrunBinary] + arguments, environment: environment)
    }

    private func tensors(_ folder: String) throws -> [StoredTensor] {
        try Safetensors.read(path: folder + "/model.safetensors").tensors
    }

    private func lastLine(_ result: CommandResult) throws -> String {
        try XCTUnwrap(result.stdout.split(separator: "\n").last.map(String.init), result.stdout + result.stderr)
    }

    /// The fixtures' small ResNet (resnet_mini.pth, BatchNorm in every block) on 3x32x32 synthetic images, as
    /// `pipeline` lays out its data and steps, for one epoch (10 steps, the last of one image); `sync_batchnorm`
    /// normalises by the global batch. Past one epoch this network stops being a test of the exchange: a ReLU or
    /// max-pool decision that rounding flips (on AVX-512, one process on one thread and on two part 1e-4 apart within
    /// 12 steps, 2e-2 within 20) moves the weights by more than any tolerance that would still catch a wrong sum.
    private func resNetPipeline(in folder: String) throws -> String {
        let file = folder + "/p.yaml"
        let model = Fixtures.resnetMiniModel.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        try """
        version: 1
        name: ddp
        seed: 3
        source:
          input: [3, 32, 32]
          weights: \(try Fixtures.path("resnet_mini.pth"))
          model:
        \(model)
        dataset: {type: synthetic, family: shapes, classes: 5, size: 32, channels: 3, images: 321, test_images: 90, val: {source: train, fraction: 0.1}, test: {source: test}}
        head: []
        optimizer: {type: sgd, lr: 0.002, momentum: 0.95}
        train: {epochs: 1, batch_size: 32, threads: 1, grad_clip: 5.0, sync_batchnorm: true}
        output: {dir: \(folder)/runs}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Trains `file` on one process, then twice on two; checks that the two-process weights are one process's within
    /// 1e-5 relative, that the test accuracy is the same, that the two-process runs are bit-identical,
    /// and what rank 0 alone writes.
    @discardableResult
    private func assertTwoProcessesTrainAsOne(_ file: String, folder: String) throws -> [[String: Any]] {
        let one = try tlrun("run", file, "--quiet")
        XCTAssertEqual(one.status, 0, one.stderr)
        let two = try launch(2, "run", file, "--quiet")
        XCTAssertEqual(two.status, 0, two.stdout + two.stderr)
        XCTAssertEqual(two.stdout.split(separator: "\n").count, 1, "only rank 0 prints: \(two.stdout)")
        let again = try launch(2, "run", file, "--quiet")
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        let (single, parallel, repeated) = (try lastLine(one), try lastLine(two), try lastLine(again))
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder + "/runs/ddp").count, 3,
            "rank 1 writes no run folder")

        for (a, b) in zip(try tensors(single), try tensors(parallel)) {
            XCTAssertEqual(a.name, b.name)
            let (x, y) = (a.floatValues, b.floatValues)
            let difference = zip(x, y).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }.squareRoot()
            let size = x.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            XCTAssertLessThanOrEqual(
                difference, 1e-5 * max(size, 1e-12),
                "\(a.name): relative difference \(difference / size) after training")
        }
        XCTAssertEqual(try tensors(parallel), try tensors(repeated), "two runs on two processes are bit-identical")
        let summaries = try [single, parallel].map {
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: $0 + "/summary.json")))
                as? [String: Any]
        }
        let accuracies = summaries.compactMap { ($0?["test"] as? [String: Any])?["accuracy"] as? Double }
        XCTAssertEqual(accuracies.count, 2)
        XCTAssertEqual(
            accuracies[0], accuracies[1], accuracy: 0.003,
            "the test split, divided across the processes, is counted whole")
        let losses = summaries.compactMap { ($0?["test"] as? [String: Any])?["loss"] as? Double }
        XCTAssertEqual(losses[0], losses[1], accuracy: 1e-4 * losses[0], "the test loss of the same weights")
        let images = summaries.compactMap { (($0?["test"] as? [String: Any])?["images"] as? Int) }
        XCTAssertEqual(images, [90, 90])
        let record = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: parallel + "/run.json")))
                as? [String: Any])
        XCTAssertEqual(record["processes"] as? Int, 2)
        XCTAssertEqual((record["hosts"] as? [String])?.count, 2)
        return summaries.compactMap { $0 }
    }

    func testTwoProcessesTrainTheWeightsOfOneAndRepeatBitForBit() throws {
        let folder = temporaryFolder("ddp")
        try assertTwoProcessesTrainAsOne(try pipeline(in: folder), folder: folder)
    }

    /// Case 1 (everything frozen but a new last layer) trains on cached features; each process computes its share of
    /// them and receives the others' share of the training split.
    func testTwoProcessesShareTheFeatureCacheAndTrainAsOne() throws {
        let folder = temporaryFolder("ddp-cache")
        let summaries = try assertTwoProcessesTrainAsOne(try pipeline(in: folder, transfer: "case: 1"), folder: folder)
        for summary in summaries {
            XCTAssertTrue("\(summary)".contains("features after"), "the feature cache is on: \(summary)")
        }
    }

    /// With `sync_batchnorm` every BatchNorm layer normalises by the global batch (the last one, of one image, leaves
    /// rank 0 a share of none: it takes part in the exchanges with a blank image that counts for nothing).
    func testSynchronisedBatchNormTrainsTheSmallResNetOfOneProcess() throws {
        let folder = temporaryFolder("ddp-resnet")
        try assertTwoProcessesTrainAsOne(try resNetPipeline(in: folder), folder: folder)
    }

    func testABatchThatDoesNotSplitEvenlyIsRefusedOnEveryProcess() throws {
        let folder = temporaryFolder("ddp-batch")
        let result = try launch(2, "run", try pipeline(in: folder, batchSize: 33), "--quiet")
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(
            result.stderr.contains("train.batch_size 33 does not split evenly across 2 processes"), result.stderr)
        XCTAssertTrue(
            result.stderr.contains("rank 0 of 2") || result.stderr.contains("rank 1 of 2"),
            "the failing rank is named: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("--set train.batch_size=34"), result.stderr)
    }

    func testAResumeUnderAnotherNumberOfProcessesIsRefused() throws {
        let folder = temporaryFolder("ddp-resume")
        let failed = try tlrun("run", try pipeline(in: folder, lr: "1.0e+30"), "--quiet")
        XCTAssertEqual(failed.status, 1, "the loss becomes infinite: a run that did not finish")
        let run = try XCTUnwrap(
            try FileManager.default.contentsOfDirectory(atPath: folder + "/runs/ddp").first.map {
                folder + "/runs/ddp/" + $0
            })
        let result = try launch(2, "resume", run, "--quiet")
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("the run trained on 1 process and is resumed on 2"), result.stderr)
        XCTAssertTrue(result.stderr.contains("resume it without mpirun: 'tlrun resume \(run)'"), result.stderr)
    }

    func testAKilledRankEndsTheRunAndItsCheckpointResumes() throws {
        let folder = temporaryFolder("ddp-kill")
        let file = try pipeline(in: folder, epochs: 20)
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun)
        process.arguments = ["-np", "2", "--oversubscribe", tlrunBinary, "run", file, "--quiet"]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let runs = folder + "/runs/ddp"
        var run: String?
        let deadline = Date().addingTimeInterval(120)
        while run == nil, Date() < deadline, process.isRunning {
            run = ((try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []).map { runs + "/" + $0 }
                .first { FileManager.default.fileExists(atPath: $0 + "/checkpoint.safetensors") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let rank1 = try XCTUnwrap(
            Self.processes(environmentContaining: "OMPI_COMM_WORLD_RANK=1", executable: tlrunBinary).first,
            "rank 1 runs")
        kill(rank1, SIGKILL)
        let stopped = Date().addingTimeInterval(60)
        while process.isRunning, Date() < stopped { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertFalse(process.isRunning, "every process stops when one is killed")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        XCTAssertNotEqual(process.terminationStatus, 0)
        let killed = try XCTUnwrap(run)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: killed + "/model.safetensors"), "killed before it finished")
        let finished = try launch(2, "resume", killed, "--quiet")
        XCTAssertEqual(finished.status, 0, finished.stdout + finished.stderr)
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: killed + "/model.safetensors"),
            "the checkpoint was intact and the run finished")
    }

    /// The processes of `executable` whose environment has `entry`.
    private static func processes(environmentContaining entry: String, executable: String) -> [pid_t] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }.filter { pid in
            guard (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")) == executable,
                let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
            else { return false }
            return environment.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == entry }
        }
    }
}
