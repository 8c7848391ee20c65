import Foundation
import TLConfig
import TLTestSupport
import XCTest

/// Sweep files: what they expand to, and every problem at its file:line:col.
final class SweepFileTests: XCTestCase {
    private func sweep(_ text: String) throws -> (spec: SweepSpec?, diagnostics: [Diagnostic], file: String) {
        let folder = temporaryFolder("sweep-file")
        try "version: 1\n".write(toFile: folder + "/base.yaml", atomically: true, encoding: .utf8)
        let file = folder + "/sweep.yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (spec, diagnostics) = SweepFile.read(file)
        return (spec, diagnostics, file)
    }

    func testAGridExpandsToItsProductFirstKeySlowest() throws {
        let spec = try XCTUnwrap(
            try sweep(
                """
                version: 1
                sweep: cuts
                pipeline: base.yaml
                grid:
                  slice: [conv1, {before: fc3}]
                  optimizer.lr: [0.001, 0.003]
                  seed: [0, 1, 2]
                """
            ).spec)
        let trials = spec.trials()
        XCTAssertEqual(trials.count, 12)
        XCTAssertEqual(trials[0].overrideTexts, ["slice=conv1", "optimizer.lr=0.001", "seed=0"])
        XCTAssertEqual(trials[11].overrideTexts, ["slice={before: fc3}", "optimizer.lr=0.003", "seed=2"])
        XCTAssertEqual(trials[3].label, "slice=conv1, optimizer.lr=0.003, seed=0")
        XCTAssertEqual(
            trials[0].overrides[0].value.span.start.line, 5, "a trial's values keep their place in the sweep file")
    }

    func testRandomSearchIsSeededAndStaysInItsRanges() throws {
        let text = """
            version: 1
            sweep: search
            pipeline: base.yaml
            grid: {seed: [0, 1]}
            random:
              count: 5
              seed: 7
              values:
                optimizer.lr: {log_uniform: [0.0001, 0.01]}
                train.label_smoothing: {uniform: [0, 0.2]}
                train.batch_size: {choice: [32, 64]}
            """
        let first = try XCTUnwrap(try sweep(text).spec).trials(), second = try XCTUnwrap(try sweep(text).spec).trials()
        XCTAssertEqual(first.count, 10, "5 draws for each of the 2 grid points")
        XCTAssertEqual(first.map(\.overrideTexts), second.map(\.overrideTexts), "the same file gives the same trials")
        for trial in first {
            let lr = try XCTUnwrap(Double(trial.values[1].text)),
                smoothing = try XCTUnwrap(Double(trial.values[2].text))
            XCTAssertTrue((0.0001...0.01).contains(lr) && (0...0.2).contains(smoothing), trial.label)
            XCTAssertTrue(["32", "64"].contains(trial.values[3].text))
        }
        XCTAssertGreaterThan(Set(first.map { $0.values[1].text }).count, 3, "draws differ")
    }

    func testEveryProblemOfTheFileIsReportedWhereItIsWritten() throws {
        let (spec, diagnostics, file) = try sweep(
            """
            version: 2
            sweep: a/b
            pipeline: missing.yaml
            gird: {seed: [0]}
            grid: {slice: [], seed: 3}
            random: {count: 0, values: {optimizer.lr: {log_uniform: [0, 1]}}}
            """)
        XCTAssertNil(spec)
        let found = diagnostics.map { "\($0.code)@\($0.span.start.line)" }
        for expected in [
            "value/out-of-range@1", "value/pattern@2", "file/missing@3", "key/unknown@4", "value/length@5",
            "type/mismatch@5",
            "value/out-of-range@6",
        ] {
            XCTAssertTrue(found.contains(expected), "\(expected) not in \(found)")
        }
        XCTAssertTrue(diagnostics.allSatisfy { $0.span.file == file })
        XCTAssertEqual(diagnostics.first { $0.code == "key/unknown" }?.hint, "did you mean 'grid'?")
    }

    func testASweepIsCheckedAsPipelinesAreAndCannotBeNamedForAFolder() throws {
        for name in [".", "..", "a/b"] {
            let (spec, diagnostics, _) = try sweep(
                "version: 1\nsweep: '\(name)'\npipeline: base.yaml\ngrid: {seed: [0]}\n")
            XCTAssertNil(spec, name)
            XCTAssertEqual(diagnostics.map(\.code), ["value/pattern"], name)
        }
        let (spec, diagnostics, _) = try sweep(
            """
            version: 1
            sweep: typed
            pipeline: base.yaml
            random: {count: two, values: {optimizer.lr: {uniform: [0.1, 0.01]}, seed: {choice: []}}}
            """)
        XCTAssertNil(spec)
        let found = diagnostics.map { "\($0.code) \($0.path): \($0.message)" }
        XCTAssertTrue(found.contains("type/mismatch random.count: 'random.count' must be an integer"), "\(found)")
        XCTAssertTrue(
            found.contains("value/length random.values.seed.choice: 'random.values.seed.choice' has 0 items"),
            "\(found)")
        XCTAssertTrue(
            found.contains {
                $0.hasPrefix("value/range random.values.optimizer.lr: a random key's range must go from low to high")
            },
            "\(found)")
    }

    func testAKeyVariedTwiceIsAnError() throws {
        let (spec, diagnostics, _) = try sweep(
            """
            version: 1
            sweep: twice
            pipeline: base.yaml
            grid: {seed: [0, 1]}
            random: {count: 2, values: {seed: {choice: [3, 4]}}}
            """)
        XCTAssertNil(spec)
        XCTAssertEqual(diagnostics.map(\.code), ["key/duplicate"])
    }

    func testConfigurationsAreCrossedWithTheGridEachOnItsOwnPipeline() throws {
        let folder = temporaryFolder("sweep-configurations")
        try "version: 1\n".write(toFile: folder + "/other.yaml", atomically: true, encoding: .utf8)
        let result = try sweep(
            """
            version: 1
            sweep: cases
            pipeline: base.yaml
            grid: {seed: [0, 1]}
            configurations:
              - {label: "cut conv2", slice: conv2, optimizer.lr: 0.01}
              - {pipeline: \(folder)/other.yaml, freeze: none}
            """)
        let spec = try XCTUnwrap(result.spec, "\(result.diagnostics)")
        XCTAssertEqual(spec.variedKeys, ["configuration", "seed"])
        let trials = spec.trials()
        XCTAssertEqual(
            trials.map(\.label),
            [
                "configuration=cut conv2, seed=0", "configuration=cut conv2, seed=1",
                "configuration=freeze=none, seed=0", "configuration=freeze=none, seed=1",
            ])
        XCTAssertEqual(trials[1].overrideTexts, ["slice=conv2", "optimizer.lr=0.01", "seed=1"])
        XCTAssertTrue(trials[0].pipeline.hasSuffix("/base.yaml") && trials[2].pipeline == folder + "/other.yaml")
        XCTAssertEqual(
            trials[0].overrides[0].value.span.start.line, 6,
            "a configuration's values keep their place in the sweep file")
        XCTAssertEqual(spec.basePipelines.count, 2)
    }

    func testAConfigurationWithoutAPipelineOrSettingAVariedKeyIsAnError() throws {
        let result = try sweep(
            """
            version: 1
            sweep: cases
            grid: {seed: [0, 1]}
            configurations:
              - {label: a, seed: 3, pipeline: base.yaml}
              - {label: b}
              - [not, a, mapping]
            """)
        XCTAssertNil(result.spec)
        let messages = result.diagnostics.map { "\($0.span.start.line): \($0.path): \($0.message)" }
        XCTAssertTrue(
            messages.contains { $0.hasPrefix("6: configurations[1].pipeline: this configuration names no pipeline") },
            "\(messages)")
        XCTAssertTrue(
            messages.contains { $0.hasPrefix("7: configurations[2]: 'configurations[2]' must be a mapping") },
            "\(messages)")
        XCTAssertTrue(
            messages.contains { $0.contains("'seed' is set by a configuration and varied as well") }, "\(messages)")
    }

    func testAGridOfAMillionTrialsIsRefusedAtTheGridBeforeAnyTrialIsMade() throws {
        let tenValues = "[" + (0..<10).map(String.init).joined(separator: ", ") + "]"
        let keys = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for keyCount in [6, 9] {
            let grid = keys.prefix(keyCount).map { "  x.\($0): \(tenValues)" }.joined(separator: "\n")
            let (spec, diagnostics, file) = try sweep("version: 1\nsweep: big\npipeline: base.yaml\ngrid:\n\(grid)\n")
            XCTAssertNil(spec)
            let problem = try XCTUnwrap(diagnostics.first { $0.code == "sweep/too-many-trials" }, "\(diagnostics)")
            XCTAssertEqual(problem.span.file, file)
            XCTAssertEqual(problem.span.start.line, 5, "reported at the grid")
            XCTAssertTrue(
                problem.message.contains(keyCount == 6 ? "1000000 trials" : "1000000000 trials"), problem.message)
            XCTAssertTrue(problem.message.contains("limit of \(SweepSpec.maximumTrials)"), problem.message)
        }
    }

    func testABillionRandomDrawsAreRefusedAtTheirCount() throws {
        let (spec, diagnostics, _) = try sweep(
            """
            version: 1
            sweep: big
            pipeline: base.yaml
            random:
              count: 1000000000
              values: {optimizer.lr: {uniform: [0.1, 0.2]}}
            """)
        XCTAssertNil(spec)
        let problem = try XCTUnwrap(diagnostics.first { $0.code == "sweep/too-many-trials" }, "\(diagnostics)")
        XCTAssertEqual(problem.path, "random.count")
        XCTAssertEqual(problem.span.start.line, 5)
        XCTAssertEqual(problem.hint?.hasPrefix("lower random.count"), true)
    }

    func testTrialCountsThatOverflowAreRefusedNotTrapped() throws {
        let values = "[" + (0..<1000).map(String.init).joined(separator: ", ") + "]"
        let grid = (0..<7).map { "  x.k\($0): \(values)" }.joined(separator: "\n")
        let (spec, diagnostics, _) = try sweep(
            "version: 1\nsweep: big\npipeline: base.yaml\ngrid:\n\(grid)\n"
                + "random: {count: 1000, values: {optimizer.lr: {uniform: [0.1, 0.2]}}}\n")
        XCTAssertNil(spec)
        let problem = try XCTUnwrap(diagnostics.first { $0.code == "sweep/too-many-trials" }, "\(diagnostics)")
        XCTAssertTrue(problem.message.contains("more than \(Int.max) trials"), problem.message)
    }

    func testASweepAtTheTrialLimitIsAccepted() throws {
        let values = "[" + (0..<100).map(String.init).joined(separator: ", ") + "]"
        let spec = try XCTUnwrap(
            try sweep(
                "version: 1\nsweep: edge\npipeline: base.yaml\ngrid:\n  x.a: \(values)\n"
                    + "random: {count: 1000, values: {optimizer.lr: {uniform: [0.1, 0.2]}}}\n"
            ).spec)
        XCTAssertEqual(spec.grid.first?.values.count, 100)
        XCTAssertEqual(spec.randomCount, 1000)
    }
}
