import Foundation
import TLRunner
import XCTest

/// `tlrun sweep` and `tlrun validate` of a sweep file, as a person uses them.
final class SweepCommandTests: XCTestCase {
    private func files(in folder: String, rates: String) throws -> String {
        try """
        version: 1
        name: base
        seed: 2
        source: {model: seed-cnn, classes: 3, weights: random}
        dataset: {type: synthetic, family: stripes, classes: 3, images: 60, test_images: 30, test: {source: test}}
        head: []
        train: {epochs: 1, batch_size: 30}
        output: {dir: \(folder)/runs}
        """.write(toFile: folder + "/base.yaml", atomically: true, encoding: .utf8)
        try """
        version: 1
        sweep: rates
        pipeline: base.yaml
        grid: {optimizer.lr: \(rates), seed: [0, 1]}
        """.write(toFile: folder + "/sweep.yaml", atomically: true, encoding: .utf8)
        return folder + "/sweep.yaml"
    }

    func testValidateChecksEveryTrialAndPointsAtTheValueThatBreaksIt() throws {
        let folder = temporaryFolder("sweep-validate")
        let good = try tlrun("validate", try files(in: folder, rates: "[0.001, 0.01]"))
        XCTAssertEqual(good.status, 0, good.stdout + good.stderr)
        XCTAssertTrue(good.stdout.contains("valid sweep of 4 trials"), good.stdout)
        let file = try files(in: folder, rates: "[0.001, -1]")
        let bad = try tlrun("validate", file)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(
            bad.stdout.contains("\(file):4:30: error")
                && bad.stdout.contains("in trials 3 (optimizer.lr=-1, seed=0); 4"), bad.stdout)
    }

    func testTrialsRunTwoAtATimeInChildProcessesAndFailuresAreRecorded() throws {
        let folder = temporaryFolder("sweep-jobs")
        let file = try files(in: folder, rates: "[0.001, 1.0e+30]")
        let result = try tlrun("sweep", file, "--jobs", "2")
        XCTAssertEqual(result.status, 1, "a failed trial makes the exit status 1")
        XCTAssertTrue(result.stdout.contains("4 trials, 2 at a time with 1 thread each"), result.stdout)
        XCTAssertTrue(result.stdout.contains("(optimizer.lr=1.0e+30, seed=1): failed: the loss became"), result.stdout)
        let sweepFolder = try XCTUnwrap(result.stdout.split(separator: "\n").last.map(String.init))
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sweepFolder + "/sweep.json")))
                as? [String: Any])
        let trials = try XCTUnwrap(json["trials"] as? [[String: Any]])
        XCTAssertEqual(
            trials.compactMap { $0["index"] as? Int }, [0, 1, 2, 3],
            "recorded in trial order whatever order they finished in")
        XCTAssertEqual(trials.compactMap { $0["status"] as? String }, ["finished", "finished", "failed", "failed"])
        let again = try tlrun("sweep", file, "--jobs", "2", "--quiet")
        XCTAssertEqual(again.status, 1)
        let table = try String(
            contentsOfFile: try XCTUnwrap(again.stdout.split(separator: "\n").last.map(String.init)) + "/sweep.json",
            encoding: .utf8)
        XCTAssertEqual(table.components(separatedBy: "\"reused\"").count - 1, 2, "the finished trials are reused")
    }

    func testNoJobsIsAUsageError() throws {
        let folder = temporaryFolder("sweep-usage")
        let result = try tlrun("sweep", try files(in: folder, rates: "[0.001]"), "--jobs", "0")
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("--jobs must be at least 1"), result.stderr)
    }

    func testSweepRunsTheTrialsAndPrintsTheTableAndFolder() throws {
        let folder = temporaryFolder("sweep-run")
        let result = try tlrun("sweep", try files(in: folder, rates: "[0.001, 0.01]"), "--quiet")
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(
            lines.first, "| optimizer.lr | val accuracy | test accuracy | trained parameters | seconds | trials |")
        let sweepFolder = try XCTUnwrap(lines.last)
        XCTAssertTrue(sweepFolder.hasPrefix(folder + "/runs/rates/"), sweepFolder)
        XCTAssertTrue(FileManager.default.fileExists(atPath: sweepFolder + "/report.md"))

        let listed = try tlrun("runs", "--dir", folder + "/runs")
        XCTAssertTrue(
            listed.stdout.contains("sweeps:") && listed.stdout.contains(sweepFolder)
                && listed.stdout.contains("optimizer.lr="), listed.stdout)
        let again = try tlrun("sweep", folder + "/sweep.yaml", "--quiet")
        let secondFolder = try XCTUnwrap(again.stdout.split(separator: "\n").last.map(String.init))
        let compared = try tlrun("runs", "compare", sweepFolder, secondFolder)
        XCTAssertEqual(compared.status, 0, compared.stderr)
        XCTAssertTrue(
            compared.stdout.contains("settings that differ:\n  none"),
            "both sweeps' best trial is the same reused run:\n\(compared.stdout)")
    }

    func testChildProcessesShareFrozenFeaturesBetweenTheirTrials() throws {
        let folder = temporaryFolder("sweep-jobs-features")
        _ = try files(in: folder, rates: "[0.001]")
        try """
        version: 1
        sweep: frozen
        pipeline: base.yaml
        grid: {freeze: [all], slice: [conv2], head: [[{op: flatten, name: h.flatten}, {op: linear, name: h.fc, out_features: classes}]],
               optimizer.lr: [0.01, 0.02, 0.03, 0.04]}
        """.write(toFile: folder + "/frozen.yaml", atomically: true, encoding: .utf8)
        let result = try tlrun("sweep", folder + "/frozen.yaml", "--jobs", "2")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let sweepFolder = try XCTUnwrap(result.stdout.split(separator: "\n").last.map(String.init))
        let results = try SweepResults.read(folder: sweepFolder)
        XCTAssertEqual(results.trials.map(\.status), Array(repeating: .finished, count: 4))
        XCTAssertEqual(
            results.trials.filter { $0.sharedFeatures == true }.count, 2,
            "the 4 trials (same frozen prefix and data) make one run of 2 per child, each computing its features once")
    }

    func testUnderMPIRunTheTrialsAreSplitAcrossProcessesAndRankZeroWritesTheSweep() throws {
        guard
            let mpirun = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first(where: FileManager.default.isExecutableFile)
        else {
            throw XCTSkip("Open MPI's mpirun is not installed (scripts/setup.sh installs it)")
        }
        let folder = temporaryFolder("sweep-mpi")
        let file = try files(in: folder, rates: "[0.001, 0.002]")
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        let result = try runCommand(
            mpirun, ["-np", "2", "--oversubscribe", tlrunBinary, "sweep", file], environment: environment)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("rank 1/2"), result.stdout)
        let folders = result.stdout.split(separator: "\n").filter { $0.hasPrefix(folder) }
        XCTAssertEqual(folders.count, 1, "only rank 0 writes the sweep folder: \(result.stdout)")
        let results = try SweepResults.read(folder: String(folders[0]))
        XCTAssertEqual(results.processes, 2)
        XCTAssertEqual(results.trials.map(\.index), [0, 1, 2, 3])
        XCTAssertEqual(results.trials.map(\.status), Array(repeating: .finished, count: 4))
        XCTAssertTrue(results.trials.allSatisfy { $0.host != nil })
        let plain = try tlrun("sweep", file, "--quiet")
        XCTAssertEqual(
            try SweepResults.read(folder: try XCTUnwrap(plain.stdout.split(separator: "\n").last.map(String.init)))
                .processes, nil,
            "without mpirun one process runs the sweep")
    }
}
