import Foundation
import TLGraph
import TLLayerCatalog
import TLTestSupport
import XCTest

@testable import TLRunner

/// `tlrun predict PIPELINE` predicts with the source network as it is: a case, slice or head the pipeline adds for
/// training (whose new classifier is untrained) does not change what it computes.
final class SourceNetworkPredictionTests: XCTestCase {
    private func predictor(_ transfer: String) throws -> Predictor {
        let folder = temporaryFolder("source-predict")
        let file = folder + "/p.yaml"
        try """
        version: 1
        name: source-predict
        seed: 4
        \(transfer)
        source: {model: seed-cnn, classes: 10, weights: \(try Fixtures.path("seed_cnn.pth"))}
        dataset: {type: synthetic, family: stripes, classes: 10, images: 100}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let validation = PipelineValidator.standard.validate(file: file)
        XCTAssertTrue(validation.isValid, validation.diagnostics.map(\.message).joined(separator: "\n"))
        return try Predictor(pipeline: validation)
    }

    func testCaseOnePredictsWithTheSourceClassifierNotANewRandomOne() throws {
        let plain = try predictor("head: []")
        let caseOne = try predictor("case: 1")
        let sliced = try predictor("slice: {before: fc3}\nhead: [{op: linear, name: new.fc, out_features: classes}]")
        XCTAssertEqual(caseOne.classNames, (0..<10).map(String.init), "the source's classes, by index")
        var random = SystemRandomNumberGenerator()
        let inputs = (0..<(2 * 28 * 28)).map { _ in Float.random(in: 0...1, using: &random) }
        let expected = try plain.logits(inputs, count: 2)
        XCTAssertEqual(expected.count, 20)
        XCTAssertEqual(try caseOne.logits(inputs, count: 2), expected)
        XCTAssertEqual(try sliced.logits(inputs, count: 2), expected)
    }
}
