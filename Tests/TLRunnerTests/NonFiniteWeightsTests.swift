import Foundation
import TLConfig
import TLEngine
import TLGraph
import TLIO
import TLTestSupport
import XCTest

@testable import TLRunner

/// Source weights holding NaN or infinite values are counted tensor by tensor and refused unless allowed; training
/// stops at the first non-finite loss or gradient norm; the feature cache names non-finite features.
final class NonFiniteWeightsTests: XCTestCase {
    private var folder = ""

    override func setUp() {
        folder = temporaryFolder("non-finite")
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(atPath: folder)
    }

    /// The golden seed-cnn tensors with `change` applied to the values of the tensors it names, written as `name`.
    private func seedWeights(_ name: String, _ change: [String: (Float) -> Float]) throws -> String {
        var tensors = try Safetensors.read(path: try Fixtures.path("seed_cnn.weights.safetensors")).tensors
        for index in tensors.indices {
            guard let transform = change[tensors[index].name], case .float32(let values) = tensors[index].values else {
                continue
            }
            tensors[index].values = .float32(values.map(transform))
        }
        let path = folder + "/" + name
        try Safetensors.write(tensors, metadata: [:], to: path)
        return path
    }

    /// The validation of a seed-cnn pipeline on 10 synthetic classes whose source weights are `weights`, with `rest` added
    /// (by default every layer loaded from the file and trained).
    private func validate(weights: String, _ rest: String = "head: []") throws -> ValidationResult {
        let file = folder + "/p.yaml"
        try """
        version: 1
        name: nf
        seed: 3
        source: {model: seed-cnn, classes: 10, weights: \(weights)}
        dataset: {type: synthetic, classes: 10, images: 96, test_images: 32}
        train: {epochs: 1, batch_size: 32}
        \(rest)
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = PipelineValidator.standard.validate(file: file)
        XCTAssertTrue(result.isValid, result.diagnostics.map(\.message).joined(separator: "\n"))
        return result
    }

    func testNaNAndInfiniteTensorsAreRefusedNamingEachWithItsCounts() throws {
        let path = try seedWeights(
            "nan.safetensors", ["conv1.weight": { _ in .nan }, "fc1.bias": { $0 > 0 ? .infinity : $0 }])
        let validation = try validate(weights: path)
        XCTAssertThrowsError(try Trainer(validation)) { error in
            guard case .nonFiniteWeights(let file, let tensors)? = error as? RunError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(file, path)
            XCTAssertEqual(tensors.map(\.name), ["conv1.weight", "fc1.bias"])
            XCTAssertEqual(tensors[0], NonFiniteCount(name: "conv1.weight", nan: 288, infinite: 0, total: 288))
            XCTAssertEqual(tensors[1].nan, 0)
            XCTAssertGreaterThan(tensors[1].infinite, 0)
            XCTAssertEqual(tensors[1].total, 256)
            let text = "\(error)"
            XCTAssertTrue(
                text.hasPrefix(
                    "\(path): 2 tensors hold NaN or infinite values: conv1.weight (288 NaN, 0 infinite of 288 values), fc1.bias ("
                ),
                text)
        }
    }

    func testAllowedNonFiniteWeightsLoadAndTheReportWarnsAboutEachTensor() throws {
        let path = try seedWeights("nan.safetensors", ["conv2.bias": { _ in -.infinity }])
        let trainer = try Trainer(try validate(weights: path), allowNonFiniteWeights: true)
        let report = try XCTUnwrap(trainer.loadReport)
        XCTAssertEqual(report.nonFinite, [NonFiniteCount(name: "conv2.bias", nan: 0, infinite: 64, total: 64)])
        XCTAssertTrue(
            report.lines.contains("  warning: NaN or infinite values in conv2.bias (0 NaN, 64 infinite of 64 values)"),
            "\(report.lines)")
        XCTAssertEqual(trainer.store["conv2.bias"]!.value.array.first, -.infinity, "loaded as the file has it")
        let finite = try Trainer(try validate(weights: try seedWeights("fine.safetensors", [:])))
        XCTAssertEqual(finite.loadReport?.nonFinite, [])
        XCTAssertFalse(finite.loadReport!.lines.contains { $0.contains("NaN or infinite") })
    }

    func testNaNWeightsThatReachTheLossStopTrainingAtTheFirstStepNamingItAndTheEpoch() throws {
        let path = try seedWeights("nan.safetensors", ["fc3.bias": { _ in .nan }])
        let trainer = try Trainer(try validate(weights: path), allowNonFiniteWeights: true)
        let before = trainer.store["fc3.weight"]!.value.array
        XCTAssertThrowsError(try trainer.train()) { error in
            guard case .trainingNotFinite(let step)? = error as? RunError else { return XCTFail("\(error)") }
            XCTAssertEqual(step.quantity, .loss)
            XCTAssertEqual(step.step, 1)
            XCTAssertEqual(step.epoch, 1)
            XCTAssertEqual(step.batch, 1)
            XCTAssertEqual(step.batches, 3)
            XCTAssertFalse(step.value.isFinite)
            XCTAssertTrue(
                "\(error)".contains(
                    "at step 1 (epoch 1, batch 1 of 3); no update was made from it; no epoch had finished"), "\(error)")
        }
        XCTAssertEqual(trainer.store["fc3.weight"]!.value.array, before, "the step that found it updated nothing")
    }

    func testNaNThatTheForwardPassHidesStopsTrainingAtTheFirstNonFiniteGradientNorm() throws {
        let file = folder + "/bn.yaml"
        try """
        version: 1
        name: bn
        seed: 2
        source:
          input: [1, 28, 28]
          weights: random
          model:
            - {op: conv2d, name: conv1, out_channels: 4, kernel_size: 3, bias: false}
            - {op: batchnorm2d, name: bn1}
            - {op: relu, name: relu1}
            - {op: flatten, name: flatten}
            - {op: linear, name: fc, out_features: 10}
        dataset: {type: synthetic, classes: 10, images: 96, test_images: 32}
        head: []
        train: {epochs: 1, batch_size: 32}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let validation = PipelineValidator.standard.validate(file: file)
        XCTAssertTrue(validation.isValid, validation.diagnostics.map(\.message).joined(separator: "\n"))
        let trainer = try Trainer(validation)
        try trainer.store.set("conv1.weight", values: [Float](repeating: .nan, count: 36))
        XCTAssertThrowsError(try trainer.train()) { error in
            guard case .trainingNotFinite(let step)? = error as? RunError else { return XCTFail("\(error)") }
            XCTAssertEqual(
                step.quantity, .gradientNorm, "the ReLU after the batch norm turns NaN into 0, so the loss stays finite"
            )
            XCTAssertEqual(step.step, 1)
            XCTAssertTrue(
                "\(error)".hasPrefix("the gradient norm became NaN at step 1 (epoch 1, batch 1 of 3)"), "\(error)")
        }
    }

    func testNonFiniteFeaturesInTheFeatureCacheNameTheLayerTheSplitAndAnImage() throws {
        let path = try seedWeights("huge.safetensors", ["fc1.weight": { _ in 3e38 }])
        let trainer = try Trainer(
            try validate(
                weights: path,
                "slice: {before: fc3}\nhead: [{op: linear, name: fc3, out_features: classes}]\nfreeze: all"))
        XCTAssertThrowsError(try trainer.prepareFeatureCache()) { error in
            guard case .nonFiniteFeatures(let layer, let split, _, let images, let first)? = error as? RunError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(layer, "fc1.relu")
            XCTAssertEqual(split, "train")
            XCTAssertGreaterThan(images, 0)
            XCTAssertFalse(first.isEmpty)
            XCTAssertTrue(
                "\(error)".hasPrefix("the frozen features after 'fc1.relu' (the feature cache) hold "), "\(error)")
        }
    }
}
