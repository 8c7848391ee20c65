import Foundation
import TLData
import TLGraph
import TLIO
import TLLayerCatalog
import TLTestSupport
import XCTest

@testable import TLRunner

/// Small versions of the four transfer cases on synthetic data, through `PipelineRunner` and its run folders.
final class EndToEndTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = temporaryFolder("e2e")
        try write(
            "source.yaml",
            """
            version: 1
            name: source
            seed: 1
            source: {model: seed-cnn, classes: 4, weights: random}
            dataset: {type: synthetic, family: shapes, classes: 4, images: 800, test_images: 160, val: {fraction: 0.2}, test: {source: test}}
            head: []
            train: {epochs: 3, batch_size: 32}
            output: {dir: \(folder)/runs}
            """)
        for (number, extra) in [(1, ""), (2, "slice: conv2\n"), (3, ""), (4, "")] {
            let family = number % 2 == 1 ? "shapes" : "stripes"
            try write(
                "case\(number).yaml",
                """
                version: 1
                name: case\(number)
                seed: 2
                case: \(number)
                \(extra)source: {model: seed-cnn, classes: 4, weights: {pipeline: source.yaml}}
                dataset: {type: synthetic, family: \(family), classes: 4, images: \(number <= 2 ? 120 : 480), test_images: 160,
                          val: {fraction: 0.25}, test: {source: test}}
                train: {epochs: 4, batch_size: 32, best_metric: val_accuracy}
                output: {dir: \(folder)/runs}
                """)
        }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    private func write(_ name: String, _ text: String) throws {
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }

    private func run(_ name: String, featureCache: Bool = true) throws -> PipelineRunner.Outcome {
        var options = PipelineRunner.Options()
        options.featureCache = featureCache
        var lines: [String] = []
        let outcome = try PipelineRunner(options: options, observer: nil, log: { lines.append($0) }).run(
            file: folder + "/" + name)
        XCTAssertEqual(outcome.manifest.status, .finished, lines.joined(separator: "\n"))
        return outcome
    }

    func testTheFourCasesRunEndToEndIntoCompleteRunFolders() throws {
        var outcomes: [Int: PipelineRunner.Outcome] = [:]
        for number in 1...4 { outcomes[number] = try run("case\(number).yaml") }
        XCTAssertEqual(
            RunFolder.all(outputDir: folder + "/runs", pipelineName: "source").count, 1,
            "the source pipeline ran once; later cases reused its output")
        XCTAssertEqual(Set(outcomes.values.map { $0.manifest.sourceRun ?? "" }).count, 1)
        for (number, outcome) in outcomes {
            let summary = try XCTUnwrap(outcome.summary)
            let test = try XCTUnwrap(summary.test)
            XCTAssertGreaterThan(test.accuracy, 0.4, "case \(number): four classes, chance is 0.25")
            XCTAssertEqual(test.confusionMatrix?.flatMap { $0 }.reduce(0, +), 160)
            XCTAssertEqual(summary.featureCache, number <= 2, "case \(number): only the frozen cases cache features")
            for file in [
                "run.json", "pipeline.json", "metrics.jsonl", "summary.json", "model.safetensors",
                "checkpoint.safetensors",
                "curves.svg", "confusion.svg", "report.md",
            ] {
                XCTAssertTrue(
                    FileManager.default.fileExists(atPath: outcome.folder + "/" + file), "case \(number): \(file)")
            }
            let metricLines = try String(contentsOfFile: outcome.folder + "/metrics.jsonl", encoding: .utf8).split(
                separator: "\n")
            XCTAssertEqual(metricLines.count, summary.epochs)
            let model = try ExportedModel.read(path: outcome.folder + "/model.safetensors")
            XCTAssertEqual(model.classNames, summary.classNames)
            XCTAssertEqual(model.input, [1, 28, 28])
            XCTAssertTrue(
                try String(contentsOfFile: outcome.folder + "/report.md", encoding: .utf8).contains("| test | 160 |"))
        }
        XCTAssertEqual(try String(contentsOfFile: folder + "/runs/.gitignore", encoding: .utf8), RunFolder.gitignore)
        let cut = try XCTUnwrap(outcomes[2]?.summary)
        XCTAssertLessThan(cut.trainableParameters, 20_000, "case 2 trains only the new linear head on conv2's features")
    }

    func testCompareShowsTheSettingsAndResultsThatDiffer() throws {
        let first = try run("case1.yaml")
        var options = PipelineRunner.Options()
        options.overrides = ["train.epochs=2", "optimizer.lr=0.01"]
        let second = try PipelineRunner(options: options, observer: nil, log: { _ in }).run(
            file: folder + "/case1.yaml")
        let comparison = try RunComparison(first.folder, second.folder)
        XCTAssertEqual(
            comparison.settings,
            [
                RunComparison.Difference(key: "optimizer.lr", first: "0.001", second: "0.01"),
                RunComparison.Difference(key: "train.epochs", first: "4", second: "2"),
            ])
        let epochs = try XCTUnwrap(comparison.metrics.first { $0.key == "epochs" })
        XCTAssertEqual([epochs.first, epochs.second], ["4", "2"])
        XCTAssertTrue(comparison.metrics.contains { $0.key == "test accuracy" })
        XCTAssertThrowsError(try RunComparison(first.folder, folder)) { error in
            XCTAssertTrue("\(error)".contains("pipeline.json"), "\(error)")
        }
    }

    func testASourceRunIsRedoneWhenItsPipelineChanges() throws {
        _ = try run("case1.yaml")
        try write(
            "source.yaml",
            try String(contentsOfFile: folder + "/source.yaml", encoding: .utf8)
                .replacingOccurrences(of: "epochs: 3", with: "epochs: 2"))
        _ = try run("case1.yaml")
        let sources = RunFolder.all(outputDir: folder + "/runs", pipelineName: "source")
        XCTAssertEqual(sources.count, 2, "a changed source pipeline has a new run key, so it runs again")
        XCTAssertNotEqual(
            try RunManifest.read(folder: sources[0]).runKey, try RunManifest.read(folder: sources[1]).runKey)
    }

    func testPredictGivesTheRunsOwnPredictionsForImageFiles() throws {
        let outcome = try run("case3.yaml")
        let images = folder + "/images"
        try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
        let validation = PipelineValidator.standard.validate(file: folder + "/case3.yaml")
        let index = try DatasetIndex(spec: validation.pipeline.dataset, seed: validation.pipeline.seed)
        let split = try XCTUnwrap(index.test)
        var files: [String] = [], labels: [Int] = []
        for position in 0..<40 {
            let path = images + "/\(position).png"
            try Data(PNGEncoder.encode(try split.image(at: position))).write(to: URL(fileURLWithPath: path))
            files.append(path)
            labels.append(split.samples[position].label)
        }
        let predictor = try Predictor(modelOrRun: outcome.folder)
        let predictions = try predictor.predict(files: files, top: 2)
        XCTAssertEqual(predictions.count, 40)
        for prediction in predictions {
            XCTAssertEqual(prediction.top.count, 2)
            XCTAssertGreaterThanOrEqual(prediction.top[0].probability, prediction.top[1].probability)
        }
        let correct = zip(predictions, labels).filter { $0.top[0].className == index.classNames[$1] }.count
        let accuracy = try XCTUnwrap(outcome.summary?.test?.accuracy)
        XCTAssertEqual(
            Double(correct) / 40, accuracy, accuracy: 0.2,
            "predictions on the saved images track the run's test accuracy")
        let small = images + "/small.png"
        try Data(
            PNGEncoder.encode(Image(width: 20, height: 20, channels: 1, pixels: [UInt8](repeating: 0, count: 400)))
        )
        .write(to: URL(fileURLWithPath: small))
        XCTAssertThrowsError(try predictor.predict(files: [small], top: 1)) { error in
            XCTAssertTrue("\(error)".contains(small), "\(error)")
            XCTAssertTrue("\(error)".contains("the model takes 1x28x28"), "\(error)")
            XCTAssertTrue("\(error)".contains("give images like the ones the model was trained on"), "\(error)")
        }
    }

    func testResumeRefusesAChangedPipelineUnlessForced() throws {
        var stops = 0
        let runner = PipelineRunner(
            options: PipelineRunner.Options(), observer: nil, log: { _ in },
            shouldStop: {
                stops += 1; return stops > 3
            })
        let interrupted = try runner.run(file: folder + "/source.yaml")
        XCTAssertEqual(interrupted.manifest.status, .interrupted)
        XCTAssertNil(interrupted.summary)
        try write(
            "source.yaml",
            try String(contentsOfFile: folder + "/source.yaml", encoding: .utf8)
                .replacingOccurrences(of: "batch_size: 32", with: "batch_size: 16"))
        let plain = PipelineRunner(options: PipelineRunner.Options(), observer: nil, log: { _ in })
        XCTAssertThrowsError(try plain.resume(folder: interrupted.folder)) { error in
            XCTAssertTrue("\(error)".contains("changed since the run started"), "\(error)")
            guard case .pipelineChanged(let path) = error as? RunError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, self.folder + "/source.yaml")
        }
        var forced = PipelineRunner.Options()
        forced.force = true
        let resumed = try PipelineRunner(options: forced, observer: nil, log: { _ in }).resume(
            folder: interrupted.folder)
        XCTAssertEqual(resumed.manifest.status, .finished)
    }

    func testResumeNeedsOnlyTheCheckpointNotTheSourceRun() throws {
        _ = try run("source.yaml")
        var stops = 0
        let runner = PipelineRunner(
            options: PipelineRunner.Options(), observer: nil, log: { _ in },
            shouldStop: {
                stops += 1; return stops > 8
            })
        let interrupted = try runner.run(file: folder + "/case3.yaml")
        XCTAssertEqual(interrupted.manifest.status, .interrupted)
        let source = try XCTUnwrap(interrupted.manifest.sourceRun)
        try FileManager.default.removeItem(atPath: source + "/model.safetensors")
        let resumed = try PipelineRunner(options: PipelineRunner.Options(), observer: nil, log: { _ in }).resume(
            folder: interrupted.folder)
        XCTAssertEqual(resumed.manifest.status, .finished, "every tensor comes from the checkpoint")
    }

    func testPipelinesThatTakeTheirSourceFromEachOtherAreAnError() throws {
        for (name, other) in [("a", "b"), ("b", "a")] {
            try write(
                "\(name).yaml",
                try String(contentsOfFile: folder + "/source.yaml", encoding: .utf8)
                    .replacingOccurrences(of: "name: source", with: "name: \(name)")
                    .replacingOccurrences(of: "weights: random", with: "weights: {pipeline: \(other).yaml}"))
        }
        XCTAssertThrowsError(
            try PipelineRunner(options: PipelineRunner.Options(), observer: nil, log: { _ in }).run(
                file: folder + "/a.yaml")
        ) { error in
            guard case .pipelineInvalid(let result) = error as? RunError else { return XCTFail("\(error)") }
            let cycle = result.diagnostics.first { $0.code == "weights/cycle" }
            XCTAssertNotNil(cycle, "validation finds the cycle before anything runs: \(error)")
            XCTAssertTrue(cycle?.message.contains("a.yaml -> ") ?? false, cycle?.message ?? "")
            XCTAssertTrue(cycle?.message.contains("b.yaml -> ") ?? false, cycle?.message ?? "")
        }
    }

    func testACorruptCheckpointIsAClearErrorOnResume() throws {
        var stops = 0
        let interrupted = try PipelineRunner(
            options: PipelineRunner.Options(), observer: nil, log: { _ in },
            shouldStop: {
                stops += 1; return stops > 3
            }
        ).run(file: folder + "/source.yaml")
        try Data("not a checkpoint".utf8).write(
            to: URL(fileURLWithPath: interrupted.folder + "/checkpoint.safetensors"))
        XCTAssertThrowsError(
            try PipelineRunner(options: PipelineRunner.Options(), observer: nil, log: { _ in }).resume(
                folder: interrupted.folder)
        ) { error in
            XCTAssertTrue("\(error)".contains(interrupted.folder + "/checkpoint.safetensors"), "\(error)")
        }
    }

    func testAnUnwritableRunFolderIsAClearError() throws {
        let runs = folder + "/runs"
        try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: runs + "/source"))
        XCTAssertThrowsError(try run("source.yaml")) { error in
            guard case .cannotCreateFolder(let path, _) = error as? RunError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, runs + "/source", "the file standing where the pipeline's folder goes")
        }
    }

    func testAFailedWriteStopsTheRunClearlyAndKeepsTheLastCheckpoint() throws {
        let sabotage = MetricsSabotage()
        let runner = PipelineRunner(options: PipelineRunner.Options(), observer: sabotage, log: { _ in })
        XCTAssertThrowsError(try runner.run(file: folder + "/source.yaml")) { error in
            guard case .cannotWrite(let path, let reason) = error as? RunError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, sabotage.folder + "/metrics.jsonl")
            XCTAssertTrue(reason.contains("cannot rename the temporary file into place"), reason)
        }
        let checkpoint = try TrainingCheckpoint.read(path: sabotage.folder + "/checkpoint.safetensors")
        XCTAssertEqual(checkpoint.state.epochsDone, 2, "the checkpoint written before the failure is whole")
        let manifest = try RunManifest.read(folder: sabotage.folder)
        XCTAssertEqual(manifest.status, .failed)
        XCTAssertTrue(manifest.problem?.contains("metrics.jsonl") ?? false)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sabotage.folder).filter {
            $0.contains(".tmp-")
        }
        XCTAssertEqual(leftovers, [], "no temporary files are left behind")
    }
}

/// Makes `metrics.jsonl` unwritable (a folder in its place) when epoch 2 ends.
private final class MetricsSabotage: TrainingObserver {
    var folder = ""

    func stageFinished(_ stage: String, detail: String, seconds: Double) {
        if stage == "run folder" { folder = String(detail.prefix { $0 != ":" }) }
    }

    func epochFinished(_ metrics: EpochMetrics, of epochs: Int) {
        guard metrics.epoch == 2 else { return }
        let path = folder + "/metrics.jsonl"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path + "/blocked", withIntermediateDirectories: true)
    }
}

/// PyTorch checkpoints through the runner: golden logits from a pipeline's source network, and case 1 on a `.pth`.
final class CheckpointPipelineTests: XCTestCase {

    private func write(_ yaml: String) throws -> String {
        let folder = temporaryFolder("pth")
        try yaml.replacingOccurrences(of: "FOLDER", with: folder).write(
            toFile: folder + "/p.yaml", atomically: true, encoding: .utf8)
        return folder + "/p.yaml"
    }

    func testAnInlineResNetOnResNetMiniPthGivesPyTorchsEvalLogits() throws {
        let file = try write(
            """
            version: 1
            name: resnet-mini
            source:
              input: [3, 32, 32]
              weights: \(try Fixtures.path("resnet_mini.pth"))
              model:
            \(Fixtures.resnetMiniModel.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            dataset: {type: synthetic, classes: 5, size: 32, channels: 3}
            head: []
            """)
        let validation = PipelineValidator.standard.validate(file: file)
        XCTAssertTrue(validation.isValid, validation.diagnostics.map(\.message).joined(separator: "\n"))
        let predictor = try Predictor(pipeline: validation)
        let tensors = Dictionary(
            uniqueKeysWithValues: try Safetensors.read(path: try Fixtures.path("resnet_mini.golden.safetensors"))
                .tensors.map { ($0.name, $0) })
        guard case .float32(let input)? = tensors["input"]?.values,
            case .float32(let logits)? = tensors["eval.logits"]?.values
        else {
            return XCTFail("golden tensors missing")
        }
        let ours = try predictor.logits(input, count: 4)
        XCTAssertEqual(ours.count, logits.count)
        for (a, b) in zip(ours, logits) { XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(b))) }
    }

    func testCaseOneTrainsOnTheSeedCNNPthAndLeavesItsWeightsUntouched() throws {
        let file = try write(
            """
            version: 1
            name: seed-pth-case1
            seed: 4
            case: 1
            source: {model: seed-cnn, classes: 10, weights: \(try Fixtures.path("seed_cnn.pth"))}
            dataset: {type: synthetic, family: stripes, classes: 4, images: 240, test_images: 80, test: {source: test}}
            train: {epochs: 3, batch_size: 32}
            output: {dir: FOLDER/runs}
            """)
        let outcome = try PipelineRunner(options: PipelineRunner.Options(), observer: nil, log: { _ in }).run(
            file: file)
        XCTAssertEqual(outcome.manifest.status, .finished)
        XCTAssertTrue(outcome.summary?.featureCache ?? false)
        let trained = Dictionary(
            uniqueKeysWithValues: try Safetensors.read(path: outcome.folder + "/model.safetensors").tensors.map {
                ($0.name, $0.values)
            })
        for tensor in try WeightsFile.read(path: try Fixtures.path("seed_cnn.pth")) where !tensor.name.hasPrefix("fc3")
        {
            XCTAssertEqual(trained[tensor.name], tensor.values, "\(tensor.name) is frozen: exported exactly as loaded")
        }
        XCTAssertEqual(
            trained["fc3.weight"].map { if case .float32(let v) = $0 { return v.count } else { return 0 } }, 4 * 128)
    }
}
