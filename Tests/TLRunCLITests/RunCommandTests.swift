import Foundation
import TLIO
import XCTest

/// `tlrun FILE`, `run`, `resume`, `runs` and `predict` as a person uses them, through the built executable.
final class RunCommandTests: XCTestCase {
    private func pipeline(in folder: String, images: Int = 960, epochs: Int = 3) throws -> String {
        let file = folder + "/p.yaml"
        try """
        version: 1
        name: killable
        seed: 5
        source: {model: seed-cnn, classes: 4, weights: random}
        dataset: {type: synthetic, family: shapes, classes: 4, images: \(images), test_images: 80, test: {source: test}}
        head: []
        train: {epochs: \(epochs), batch_size: 32, threads: 2}
        output: {dir: \(folder)/runs}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    private func tensors(_ folder: String) throws -> [StoredTensor] {
        try Safetensors.read(path: folder + "/model.safetensors").tensors
    }

    func testARunKilledWithSIGKILLMidEpochResumesToBitIdenticalWeights() throws {
        let folder = temporaryFolder()
        let file = try pipeline(in: folder)
        let whole = try tlrun("run", file, "--quiet")
        XCTAssertEqual(whole.status, 0, whole.stderr)
        let wholeFolder = try XCTUnwrap(whole.stdout.split(separator: "\n").last.map(String.init))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: tlrunBinary)
        process.arguments = [file, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let runs = folder + "/runs/killable"
        var killedFolder: String?
        let deadline = Date().addingTimeInterval(120)
        while killedFolder == nil, Date() < deadline, process.isRunning {
            let candidates = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
            killedFolder = candidates.map { runs + "/" + $0 }.first {
                $0 != wholeFolder && FileManager.default.fileExists(atPath: $0 + "/checkpoint.safetensors")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Thread.sleep(forTimeInterval: 0.15)
        XCTAssertTrue(process.isRunning, "the run was still training when it was killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        let killed = try XCTUnwrap(killedFolder)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: killed + "/model.safetensors"), "killed before it finished")
        XCTAssertTrue(
            try String(contentsOfFile: killed + "/run.json", encoding: .utf8).contains("\"running\""),
            "the record could not say more")
        let listing = try tlrun("runs", "--dir", folder + "/runs")
        XCTAssertTrue(listing.stdout.contains(killed + "  interrupted"), listing.stdout)
        XCTAssertTrue(
            listing.stdout.contains(
                "\(killed): interrupted (its process is gone); resume with: tlrun resume \(killed)"), listing.stdout)

        let resumed = try tlrun("resume", killed, "--quiet")
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(
            resumed.stdout.split(separator: "\n").last.map(String.init), killed, "the last line is the run folder")
        XCTAssertEqual(
            try tensors(killed), try tensors(wholeFolder), "every tensor bit for bit the uninterrupted run's")
        let metrics = { (run: String) in
            try String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8).split(separator: "\n").map { line in
                line.replacingOccurrences(
                    of: #""(seconds|data_wait_seconds)":[0-9.e-]+,?"#, with: "", options: .regularExpression)
            }
        }
        XCTAssertEqual(try metrics(killed), try metrics(wholeFolder), "the same per-epoch metrics")
        XCTAssertEqual(try tlrun("resume", killed).status, 1, "a finished run is not resumed again")
    }

    func testCtrlCStopsBetweenBatchesWithACheckpointThatResumesExactly() throws {
        let folder = temporaryFolder()
        let file = try pipeline(in: folder)
        let whole = try tlrun("run", file, "--quiet")
        let wholeFolder = try XCTUnwrap(whole.stdout.split(separator: "\n").last.map(String.init))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tlrunBinary)
        process.arguments = [file]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let runs = folder + "/runs/killable"
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning,
            !((try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []).contains(where: {
                runs + "/" + $0 != wholeFolder
                    && FileManager.default.fileExists(atPath: runs + "/" + $0 + "/checkpoint.safetensors")
            })
        {
            Thread.sleep(forTimeInterval: 0.02)
        }
        Thread.sleep(forTimeInterval: 0.1)
        kill(process.processIdentifier, SIGINT)
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1, "an interrupted run is not a finished one")
        XCTAssertTrue(stderr.contains("stopping after this batch"), stderr)
        XCTAssertTrue(stdout.contains("Continue with: tlrun resume "), stdout)
        let stopped = try XCTUnwrap(stdout.split(separator: "\n").last.map(String.init))
        XCTAssertTrue(try String(contentsOfFile: stopped + "/run.json", encoding: .utf8).contains("\"interrupted\""))
        let resumed = try tlrun("resume", stopped, "--quiet")
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(
            try tensors(stopped), try tensors(wholeFolder), "every tensor bit for bit the uninterrupted run's")
    }

    func testTheFileAloneRunsItAndTheLastLineIsTheRunFolder() throws {
        let folder = temporaryFolder()
        let file = try pipeline(in: folder, images: 200, epochs: 1)
        let result = try tlrun(file)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.last!.hasPrefix(folder + "/runs/killable/"), result.stdout)
        for stage in [
            "validate (", "source (", "slice, freeze, head (", "data (", "feature cache (", "train (", "evaluate (",
        ] {
            XCTAssertTrue(lines.contains { $0.hasPrefix(stage) }, "stage line '\(stage)' in:\n\(result.stdout)")
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("epoch 1/1 ") }, "not a terminal: one plain line per epoch")
        let listing = try runCommand(tlrunBinary, ["runs", "--dir", folder + "/runs"])
        XCTAssertTrue(listing.stdout.contains(lines.last! + "  finished  1"), listing.stdout)
        let again = try tlrun("resume", lines.last!)
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(
            again.stderr.contains("\(lines.last!): the run already finished; start a new run with 'tlrun run \(file)'"),
            again.stderr)
    }

    func testJSONLogIsOneObjectPerLine() throws {
        let folder = temporaryFolder()
        let result = try tlrun("run", try pipeline(in: folder, images: 200, epochs: 2), "--json-log")
        XCTAssertEqual(result.status, 0, result.stderr)
        let events = try result.stdout.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
        XCTAssertEqual(events.filter { $0["event"] as? String == "epoch" }.count, 2)
        XCTAssertEqual(events.last?["event"] as? String, "result")
        XCTAssertEqual(events.last?["status"] as? String, "finished")
    }

    func testMistakesAreUsageOrPipelineErrors() throws {
        XCTAssertEqual(try tlrun("frobnicate").status, 2, "a bare unknown word is a usage error")
        let missing = try tlrun("run", "/nonexistent/pipeline.yaml")
        XCTAssertEqual(missing.status, 1, "a missing pipeline file is an invalid pipeline")
        XCTAssertTrue(missing.stderr.contains("/nonexistent/pipeline.yaml"), missing.stderr)
        let notARun = try tlrun("resume", temporaryFolder())
        XCTAssertEqual(notARun.status, 1)
        XCTAssertTrue(
            notARun.stderr.contains("no run record here; give a run folder, e.g. one 'tlrun runs' lists"),
            notARun.stderr)
        XCTAssertEqual(try tlrun("predict", temporaryFolder()).status, 2, "predict needs images")
        XCTAssertEqual(try tlrun("predict", temporaryFolder(), "x.png", "--top", "0").status, 2)
        XCTAssertEqual(try tlrun("predict", temporaryFolder(), "x.png", "--format", "xml").status, 2)
        let noModel = try tlrun("predict", temporaryFolder(), "x.png")
        XCTAssertEqual(noModel.status, 1)
        XCTAssertTrue(noModel.stderr.contains("model.safetensors"), noModel.stderr)
    }
}
