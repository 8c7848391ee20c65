import Foundation
import TLConfig
import TLLayerCatalog
import XCTest

@testable import TLGraph

/// Sizes whose arithmetic would overflow, and plans too large for memory: located errors from `validate`, never a trap.
final class ShapeBudgetTests: XCTestCase {
    private func validate(input: String, layers: String, batch: Int = 8) -> ValidationResult {
        let file = temporaryFolder("shape-budget") + "/p.yaml"
        try! """
        version: 1
        name: budget
        source:
          model: [\(layers)]
          input: \(input)
          classes: 4
          weights: random
        dataset: {type: synthetic, classes: 4}
        head: []
        freeze: none
        train: {epochs: 1, batch_size: \(batch)}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return PipelineValidator.standard.validate(file: file, offline: true)
    }

    private func problem(_ result: ValidationResult, _ code: String) throws -> Diagnostic {
        try XCTUnwrap(result.diagnostics.first { $0.code == code }, "\(result.diagnostics.map(\.code))")
    }

    func testAnInputOfMoreElementsThanCanBeComputedWithIsReportedAtTheInput() throws {
        let result = validate(
            input: "[1, 100000000, 100000000]", layers: "{op: conv2d, out_channels: 64, kernel_size: 3}")
        let found = try problem(result, "shape/too-large")
        XCTAssertEqual(found.path, "source.input")
        XCTAssertEqual(found.span.start.line, 5)
        XCTAssertTrue(found.message.contains("\(ShapeInference.maximumElements)"), found.message)
        XCTAssertNil(result.graph)
    }

    func testAConvolutionWhoseMultiplyAccumulatesOverflowIsReportedAtItsOutChannels() throws {
        let result = validate(
            input: "[1, 1000000, 1000000]", layers: "{op: conv2d, out_channels: 100000000, kernel_size: 3}")
        let found = try problem(result, "shape/too-large")
        XCTAssertEqual(found.path, "source.model[0].out_channels")
        XCTAssertTrue(found.message.contains("multiply-accumulates"), found.message)
    }

    func testALinearLayerOfIntMaxFeaturesIsReportedAtItsOutFeatures() throws {
        let result = validate(
            input: "[1, 28, 28]", layers: "{op: flatten}, {op: linear, out_features: 9223372036854775807}")
        let found = try problem(result, "shape/too-large")
        XCTAssertEqual(found.path, "source.model[1].out_features")
        XCTAssertFalse(result.isValid)
    }

    func testPaddingThatOverflowsTheWindowIsReported() throws {
        let result = validate(
            input: "[1, 28, 28]", layers: "{op: conv2d, out_channels: 4, kernel_size: 3, padding: 4611686018427387904}")
        XCTAssertEqual(try problem(result, "shape/too-large").path, "source.model[0].padding")
    }

    func testAPlanLargerThanMemoryIsReportedAtTheBatchSizeWithABatchThatFits() throws {
        let result = validate(
            input: "[3, 20000, 20000]", layers: "{op: conv2d, out_channels: 8, kernel_size: 3}, {op: global_avgpool}",
            batch: 32)
        let found = try problem(result, "memory/plan-too-large")
        XCTAssertEqual(found.path, "train.batch_size")
        XCTAssertTrue(found.message.contains("batch size 32"), found.message)
        XCTAssertTrue(
            found.hint?.contains("lower train.batch_size") == true || found.hint?.contains("even one image") == true,
            found.hint ?? "")
    }

    func testAnOrdinaryPlanFitsTheBudget() throws {
        let result = validate(
            input: "[1, 28, 28]", layers: "{op: flatten}, {op: linear, out_features: classes}", batch: 64)
        XCTAssertFalse(
            result.diagnostics.contains { $0.code == "memory/plan-too-large" || $0.code == "shape/too-large" })
        XCTAssertNotNil(result.graph)
    }
}
