import Foundation
import TLConfig
import TLGraph
import TLTestSupport
import XCTest

@testable import TLRunner

/// `tlrun sweep` through `SweepRunner`: every trial runs, a failed one is recorded and the sweep goes on, the table
/// has the mean and spread over seeds, and a second run reuses the finished trials.
final class SweepRunnerTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = temporaryFolder("sweep")
        try """
        version: 1
        name: base
        seed: 1
        source: {model: seed-cnn, classes: 3, weights: random}
        dataset: {type: synthetic, family: shapes, classes: 3, images: 96, test_images: 30, test: {source: test}}
        head: []
        optimizer: {type: sgd, lr: 0.01}
        train: {epochs: 1, batch_size: 32}
        output: {dir: \(folder)/runs}
        """.write(toFile: folder + "/base.yaml", atomically: true, encoding: .utf8)
        try """
        version: 1
        sweep: rates
        pipeline: base.yaml
        grid:
          optimizer.lr: [0.01, 1.0e+30]
          seed: [0, 1]
        """.write(toFile: folder + "/sweep.yaml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func testTrialsRunAFailureIsRecordedAndTheTableSummarisesSeeds() throws {
        var lines: [String] = []
        let outcome = try SweepRunner(observer: nil, log: { lines.append($0) }).run(
            file: folder + "/sweep.yaml", overrides: [])
        let results = outcome.results
        XCTAssertEqual(
            results.trials.map(\.status), [.finished, .finished, .failed, .failed], lines.joined(separator: "\n"))
        XCTAssertTrue(results.trials[2].error?.contains("the loss became") == true, results.trials[2].error ?? "")
        XCTAssertEqual(results.configurations.map(\.values), [["0.01"], ["1.0e+30"]])
        let statistics = try XCTUnwrap(results.configurations[0].statistics { $0.testAccuracy })
        XCTAssertEqual(statistics.count, 2)
        let accuracies = results.trials.prefix(2).compactMap(\.testAccuracy)
        XCTAssertEqual(statistics.mean, accuracies.reduce(0, +) / 2, accuracy: 1e-12)
        XCTAssertEqual(results.best?.values, ["0.01"])
        let sweepFolder = try XCTUnwrap(outcome.folder, "one process writes the sweep folder")
        for name in ["sweep.json", "table.md", "accuracy.svg", "report.md"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: sweepFolder + "/" + name), name)
        }
        let table = try String(contentsOfFile: sweepFolder + "/table.md", encoding: .utf8)
        XCTAssertTrue(
            table.contains("| `0.01` |") && table.contains("**best**") && table.contains("2 (2 failed)"), table)
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("trial 3/4 (optimizer.lr=1.0e+30, seed=0): failed") },
            lines.joined(separator: "\n"))

        let again = try SweepRunner(observer: nil, log: { _ in }).run(file: folder + "/sweep.yaml", overrides: [])
        XCTAssertEqual(
            again.results.trials.map(\.status), [.reused, .reused, .failed, .failed],
            "finished trials are not run again")
        XCTAssertEqual(again.results.trials.prefix(2).map(\.folder), results.trials.prefix(2).map(\.folder))
    }

    func testTrialsWithTheSameFrozenPrefixAndDataComputeTheFeaturesOnce() throws {
        try """
        version: 1
        sweep: frozen
        pipeline: base.yaml
        grid: {freeze: [all], slice: [conv2], head: [[{op: flatten, name: h.flatten}, {op: linear, name: h.fc, out_features: classes}]],
               optimizer.lr: [0.01, 0.02, 0.03]}
        """.write(toFile: folder + "/frozen.yaml", atomically: true, encoding: .utf8)
        var lines: [String] = []
        let outcome = try SweepRunner(observer: nil, log: { lines.append($0) }).run(
            file: folder + "/frozen.yaml", overrides: [])
        XCTAssertEqual(outcome.results.trials.map(\.status), [.finished, .finished, .finished])
        XCTAssertTrue(
            lines.contains("sweep: 3 trials; 2 took their frozen features from an earlier trial"),
            lines.joined(separator: "\n"))
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("trial 2/3 (optimizer.lr=0.02): ") },
            "keys with one value are left out of the progress")
    }

    func testAnInvalidTrialStopsTheSweepBeforeAnythingRuns() throws {
        try """
        version: 1
        sweep: broken
        pipeline: base.yaml
        grid: {optimizer.lr: [0.01, -2]}
        """.write(toFile: folder + "/broken.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(
            try SweepRunner(observer: nil, log: { _ in }).run(file: folder + "/broken.yaml", overrides: [])
        ) { error in
            guard case SweepError.invalid(let result)? = error as? SweepError else { return XCTFail("\(error)") }
            let problem = result.diagnostics.first { $0.severity == .error }
            XCTAssertEqual(problem?.span.file, self.folder + "/broken.yaml")
            XCTAssertEqual(problem?.span.start.line, 4)
            XCTAssertTrue(problem?.message.hasPrefix("in trial 2 (optimizer.lr=-2)") == true, problem?.message ?? "")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/runs/base"), "no trial ran")
    }

    func testChildrenGetTrialsThatShareFrozenFeaturesTogether() throws {
        try """
        version: 1
        sweep: units
        pipeline: base.yaml
        grid: {slice: [conv1, conv2], optimizer.lr: [0.01, 0.02], seed: [0, 1, 2]}
        """.write(toFile: folder + "/units.yaml", atomically: true, encoding: .utf8)
        let trials = try XCTUnwrap(SweepFile.read(folder + "/units.yaml").spec).trials()
        let units = SweepRunner.units(trials, jobs: 1)
        XCTAssertEqual(
            units.map { $0.map(\.index) }, [Array(0..<6), Array(6..<12)],
            "learning rate and seed do not change the features")
        let split = SweepRunner.units(trials, jobs: 4)
        XCTAssertEqual(split.count, 4, "runs are halved until each job has one")
        XCTAssertEqual(split.flatMap { $0.map(\.index) }.sorted(), Array(0..<12))
        XCTAssertTrue(
            split.allSatisfy { unit in Set(unit.map { $0.values[0].text }).count == 1 }, "a unit keeps one cut")
    }
}
