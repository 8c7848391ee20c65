import Foundation
import TLGraph
import TLIO
import TLLayerCatalog
import TLTestSupport
import XCTest

@testable import TLRunner

/// `advise` on a small source pipeline and a target on synthetic data: every cut scored, the recommendation, the
/// pipeline it writes, the chart, and what it refuses.
final class AdvisorTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = temporaryFolder("advise")
        try write(
            "source.yaml",
            """
            version: 1
            name: source
            seed: 1
            source: {model: seed-cnn, classes: 4, weights: random}
            dataset: {type: synthetic, family: shapes, classes: 4, images: 400, test_images: 40}
            head: []
            train: {epochs: 2, batch_size: 32}
            output: {dir: \(folder)/runs}
            """)
        try write(
            "target.yaml",
            """
            version: 1
            name: target
            seed: 2
            case: 1
            source: {model: seed-cnn, classes: 4, weights: {pipeline: source.yaml}}
            dataset: {type: synthetic, family: stripes, classes: 4, images: 120, test_images: 40}
            train: {epochs: 3, batch_size: 32}
            output: {dir: \(folder)/runs}
            """)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    private func write(_ name: String, _ text: String) throws {
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }

    private func advise(
        _ name: String = "target.yaml", overrides: [String] = [], configure: (inout Advisor.Options) -> Void = { _ in }
    ) throws -> Advice {
        var options = Advisor.Options()
        configure(&options)
        let runner = PipelineRunner(options: PipelineRunner.Options(), observer: nil, log: { _ in })
        return try Advisor(options: options, runner: runner, log: { _ in }).advise(
            file: folder + "/" + name, overrides: overrides)
    }

    func testEveryCutIsScoredAndTheWrittenPipelineValidates() throws {
        let advice = try advise()
        XCTAssertEqual(advice.cuts.map(\.name), ["conv1", "conv2", "conv3", "fc1", "fc2"])
        XCTAssertEqual(advice.sampledImages, 120)
        XCTAssertEqual(advice.sourceImages, 400, "the source pipeline's own training images are compared")
        for cut in advice.cuts {
            XCTAssertNil(cut.skipped)
            for accuracy in [cut.knnAccuracy, cut.probeAccuracy] {
                XCTAssertTrue((0...1).contains(try XCTUnwrap(accuracy)), "\(cut.name)")
            }
            XCTAssertTrue(try XCTUnwrap(cut.logME).isFinite)
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(cut.shift), 0)
        }
        XCTAssertEqual(advice.cuts[0].featureShape, [32, 14, 14])
        XCTAssertEqual(advice.cuts[0].headParameters, (32 * 14 * 14 + 1) * 4)
        let labels = try XCTUnwrap(advice.sourceLabels)
        XCTAssertTrue((0...1).contains(labels.explainedLabelEntropy))
        let best = advice.cuts.max { ($0.probeAccuracy!, $0.knnAccuracy!) < ($1.probeAccuracy!, $1.knnAccuracy!) }!
        XCTAssertEqual(advice.recommendation.bestFrozenCut, best.name)
        XCTAssertEqual(
            advice.recommendation.transferCase, best.name == "fc2" ? 1 : 2, "30 images per class is small data")

        let written = folder + "/advised/target-advised.yaml"
        try FileManager.default.createDirectory(atPath: folder + "/advised", withIntermediateDirectories: true)
        try AdvisedPipeline.yaml(advice, name: "target", overrides: ["train.epochs=5"], path: written)
            .write(toFile: written, atomically: true, encoding: .utf8)
        let validation = PipelineValidator.standard.validate(file: written)
        XCTAssertTrue(validation.isValid, validation.diagnostics.map(\.message).joined(separator: "\n"))
        XCTAssertEqual(validation.graph?.cutAfter.map { LayerSelector(best.name).matches($0) }, true)
        XCTAssertEqual(validation.pipeline.train.epochs, 5, "the overrides advise was given are carried over")
        XCTAssertEqual(validation.pipeline.name, "target-advised")
    }

    func testAViTsEncoderBlocksAreScoredByTheirClassTokenAndPatchMeanAndGetATokenHead() throws {
        try write(
            "vit.yaml",
            """
            version: 1
            name: vit
            source: {model: vit_b_32, input: [3, 64, 64], weights: random}
            dataset: {type: synthetic, family: shapes, classes: 4, images: 64, size: 64, channels: 3}
            case: 4
            """)
        let advice = try advise("vit.yaml")
        XCTAssertEqual(
            advice.cuts.map(\.name),
            ["encoder.dropout"] + (0...10).map { "encoder.layers.encoder_layer_\($0)" } + ["class_token_features"])
        let block = try XCTUnwrap(advice.cuts.first { $0.name == "encoder.layers.encoder_layer_5" })
        XCTAssertTrue(block.scoredTokens)
        XCTAssertEqual(block.scoredWidth, 2 * 768, "the class token's features and the patch tokens' mean")
        XCTAssertEqual(block.headParameters, (768 + 1) * 4)
        XCTAssertEqual(block.depth, 1 + 6 * 3, "the patch projection, then per block self-attention and two linears")
        XCTAssertFalse(advice.cuts.last!.scoredTokens)
        XCTAssertTrue(AdviceText.table(advice).contains("768x1x5 (class token + patch mean)"))
        XCTAssertEqual(
            AdvisedPipeline.headFlow(advice, cut: block.name),
            "[{op: layernorm, name: head.norm}, {op: token_pool, name: head.pool}, "
                + "{op: linear, name: head.fc, out_features: classes}]")
    }

    func testTheChartAndTheJSONShowEveryCut() throws {
        let advice = try advise { $0.cuts = ["conv2", "fc1"] }
        XCTAssertEqual(advice.cuts.map(\.name), ["conv2", "fc1"])
        let svg = AdviceChart.svg(advice)
        XCTAssertTrue(svg.hasPrefix("<?xml"))
        XCTAssertTrue(svg.contains(">conv2<") && svg.contains(">fc1<"))
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(AdviceText.json(advice).utf8)) as? [String: Any])
        XCTAssertEqual((json["cuts"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["conv2", "fc1"])
        XCTAssertNotNil((json["recommendation"] as? [String: Any])?["transfer_case"])
    }

    func testAnyPlaceSliceAcceptsCanBeScored() throws {
        let advice = try advise { $0.cuts = ["fc1", "conv1.relu", "conv2"] }
        XCTAssertEqual(advice.cuts.map(\.name), ["conv1.relu", "conv2", "fc1"], "in network order")
        XCTAssertEqual(advice.cuts[0].featureShape, [32, 28, 28], "before conv1's pool")
    }

    func testAnUnknownCutNamesTheCutPoints() throws {
        for name in ["conv9", "fc3"] {
            XCTAssertThrowsError(try advise { $0.cuts = [name] }, name) { error in
                XCTAssertEqual(
                    error as? AdviseError,
                    .unknownCut(
                        name: name, pipeline: self.folder + "/target.yaml",
                        candidates: ["conv1", "conv2", "conv3", "fc1", "fc2"]))
            }
        }
    }

    func testASpentBudgetStillScoresTheFirstCutAndSaysWhatWasSkipped() throws {
        let advice = try advise { $0.budget = 1e-6 }
        XCTAssertNotNil(advice.cuts[0].probeAccuracy)
        XCTAssertEqual(advice.sampledImages, 20, "the smallest sample: 5 images per class for 5 folds")
        XCTAssertTrue(
            advice.cuts.dropFirst().allSatisfy { $0.skipped?.contains("budget") == true && $0.probeAccuracy == nil })
        XCTAssertEqual(advice.recommendation.bestFrozenCut, "conv1")
    }

    func testOneClassDataIsRefusedInsteadOfScoringEveryCutPerfectly() throws {
        XCTAssertThrowsError(try advise(overrides: ["dataset.classes=1"])) { error in
            guard case .oneClass(let pipeline, _, let cuts)? = error as? AdviseError else { return XCTFail("\(error)") }
            XCTAssertEqual(pipeline, self.folder + "/target.yaml")
            XCTAssertEqual(cuts, ["conv1", "conv2", "conv3", "fc1", "fc2"])
            XCTAssertTrue("\(error)".contains("would score 1.000 by predicting it"), "\(error)")
        }
    }

    func testNonFiniteFeaturesNameTheFirstCutHoldingThemAndTheFiniteCutBefore() throws {
        var tensors = try Safetensors.read(path: try Fixtures.path("seed_cnn.weights.safetensors")).tensors
        let fc1 = try XCTUnwrap(tensors.firstIndex { $0.name == "fc1.weight" })
        tensors[fc1].values = .float32([Float](repeating: 3e38, count: tensors[fc1].shape.reduce(1, *)))
        try Safetensors.write(tensors, metadata: [:], to: folder + "/huge.safetensors")
        try write(
            "huge.yaml",
            """
            version: 1
            name: huge
            case: 1
            source: {model: seed-cnn, classes: 10, weights: huge.safetensors}
            dataset: {type: synthetic, family: stripes, classes: 4, images: 120, test_images: 40}
            """)
        XCTAssertThrowsError(try advise("huge.yaml")) { error in
            guard
                case .nonFiniteFeatures(_, let cut, _, let images, let sampled, _, let finiteBefore)? = error
                    as? AdviseError
            else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(cut, "fc1")
            XCTAssertEqual(finiteBefore, "conv3")
            XCTAssertEqual(sampled, 120)
            XCTAssertGreaterThan(images, 0)
            XCTAssertTrue("\(error)".contains("the features at the cut before it, 'conv3', are finite"), "\(error)")
        }
    }

    func testTooFewImagesToCrossValidateIsAnError() throws {
        XCTAssertThrowsError(try advise(overrides: ["dataset.images=12"])) { error in
            XCTAssertEqual(
                error as? AdviseError, .tooFewImages(pipeline: self.folder + "/target.yaml", images: 12, needed: 20))
        }
    }
}
