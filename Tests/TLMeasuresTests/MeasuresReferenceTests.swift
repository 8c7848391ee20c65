import Foundation
import TLMeasures
import TLTestSupport
import XCTest

/// The measures against NumPy reference values (Tests/Fixtures/make_measures.py writes measures.json).
final class MeasuresReferenceTests: XCTestCase {
    struct Reference: Decodable {
        struct Case: Decodable {
            var name: String, rows: Int, columns: Int, classes: Int, k: Int
            var features: [Float], labels: [Int], logme: Double, knn: Double
        }
        struct SourceLabels: Decodable {
            var labels: [Int], source_classes: Int, classes: Int, probabilities: [Double], leep: Double, nce: Double,
                explained: Double
        }
        struct Frechet: Decodable {
            var columns: Int, first: [Float], second: [Float], distance: Double, relative: Double
        }
        var cases: [Case]
        var source_labels: SourceLabels
        var frechet: Frechet
    }

    func reference() throws -> Reference {
        try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: URL(fileURLWithPath: try Fixtures.path("measures.json"))))
    }

    func testLogMEMatchesTheMatrixFormOnWideAndNarrowFeatures() throws {
        for c in try reference().cases {
            let features = FeatureMatrix(rows: c.rows, columns: c.columns, values: c.features)
            let score = try LogME.score(features, labels: c.labels, classes: c.classes)
            XCTAssertEqual(score, c.logme, accuracy: 1e-4 * max(1, abs(c.logme)), "\(c.name): LogME")
        }
    }

    func testNearestNeighbourAccuracyMatchesBruteForce() throws {
        for c in try reference().cases {
            let gram = FeatureMatrix(rows: c.rows, columns: c.columns, values: c.features).sampleGram()
            let accuracy = try NearestNeighbours.leaveOneOutAccuracy(
                gram: gram, labels: c.labels, classes: c.classes, k: c.k)
            XCTAssertEqual(accuracy, c.knn, accuracy: 1e-12, "\(c.name): k-NN")
        }
    }

    func testLEEPAndNCEMatchTheirDefinitions() throws {
        let r = try reference().source_labels
        let scores = SourceLabelScores(
            probabilities: r.probabilities, sourceClasses: r.source_classes, labels: r.labels, classes: r.classes)
        XCTAssertEqual(scores.leep, r.leep, accuracy: 1e-9)
        XCTAssertEqual(scores.nce, r.nce, accuracy: 1e-9)
        XCTAssertEqual(scores.explainedLabelEntropy, r.explained, accuracy: 1e-9)
    }

    func testFrechetDistanceMatchesTheProductEigenvalues() throws {
        let r = try reference().frechet
        let first = FeatureMatrix(rows: r.first.count / r.columns, columns: r.columns, values: r.first)
        let second = FeatureMatrix(rows: r.second.count / r.columns, columns: r.columns, values: r.second)
        let distance = try FrechetDistance(first, second)
        XCTAssertEqual(distance.distance, r.distance, accuracy: 1e-4 * r.distance)
        XCTAssertEqual(distance.relative, r.relative, accuracy: 1e-4)
        XCTAssertEqual(
            try FrechetDistance(first, first).distance, 0, accuracy: 1e-4, "a set is at distance 0 from itself")
    }
}
