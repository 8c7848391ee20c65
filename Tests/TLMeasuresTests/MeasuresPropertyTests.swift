import TLMeasures
import XCTest

/// Properties of the measures that hold for any data: pooling, perfect and hopeless features, bad input.
final class MeasuresPropertyTests: XCTestCase {
    func testPoolingAveragesAdaptiveWindowsAsPyTorchDoes() {
        // One sample, one channel, 3x3 into 2x2: PyTorch's windows are rows/cols [0,2) and [1,3).
        let features = FeatureMatrix(rows: 1, columns: 9, values: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let pooled = SpatialPooling.pool(features, channels: 1, height: 3, width: 3, to: (2, 2))
        XCTAssertEqual(pooled.values, [3, 4, 6, 7])
        XCTAssertEqual(SpatialPooling.grid(channels: 64, height: 56, width: 56, maxWidth: 8192).height, 11)
        XCTAssertTrue(SpatialPooling.grid(channels: 4, height: 5, width: 5, maxWidth: 1000) == (5, 5))
    }

    func testSeparableFeaturesScoreAboveNoise() throws {
        var separable: [Float] = [], noise: [Float] = []
        var labels: [Int] = []
        var state: UInt64 = 1
        func random() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24) - 0.5
        }
        for i in 0..<60 {
            let label = i % 3
            labels.append(label)
            for column in 0..<8 {
                separable.append((column == label ? 3 : 0) + random())
                noise.append(random())
            }
        }
        let good = FeatureMatrix(rows: 60, columns: 8, values: separable),
            bad = FeatureMatrix(rows: 60, columns: 8, values: noise)
        XCTAssertGreaterThan(
            try LogME.score(good, labels: labels, classes: 3), try LogME.score(bad, labels: labels, classes: 3))
        let goodKNN = try NearestNeighbours.leaveOneOutAccuracy(
            gram: good.sampleGram(), labels: labels, classes: 3, k: 5)
        let badKNN = try NearestNeighbours.leaveOneOutAccuracy(gram: bad.sampleGram(), labels: labels, classes: 3, k: 5)
        XCTAssertEqual(goodKNN, 1)
        XCTAssertLessThan(badKNN, 0.7)
    }

    func testTooFewSamplesIsAnErrorNotACrash() {
        let one = FeatureMatrix(rows: 1, columns: 3, values: [1, 2, 3])
        XCTAssertThrowsError(try LogME.score(one, labels: [0], classes: 1)) { error in
            XCTAssertEqual(error as? MeasureError, .tooFewSamples(needed: 2, got: 1))
        }
        XCTAssertThrowsError(
            try NearestNeighbours.leaveOneOutAccuracy(gram: one.sampleGram(), labels: [0], classes: 1, k: 5))
        XCTAssertThrowsError(try FrechetDistance(one, one))
    }

    func testNonFiniteFeaturesAreNamedBeforeTheEigensolverSeesThem() {
        let infinite = FeatureMatrix(rows: 3, columns: 2, values: [1, 2, .infinity, 0, 3, 4])
        XCTAssertThrowsError(try LogME.score(infinite, labels: [0, 1, 0], classes: 2)) { error in
            guard case .nonFiniteMatrix(let order, let count)? = error as? MeasureError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(order, 2, "d ≤ n: the feature-by-feature Gram matrix")
            XCTAssertGreaterThan(count, 0)
            XCTAssertTrue("\(error)".contains("holds \(count) NaN or infinite values"), "\(error)")
        }
        XCTAssertThrowsError(try SymmetricEigen([1, .nan, .nan, 1], order: 2)) { error in
            XCTAssertEqual(error as? MeasureError, .nonFiniteMatrix(order: 2, count: 2))
        }
        XCTAssertEqual(try SymmetricEigen([2, 0, 0, 1], order: 2).values, [1, 2])
        let counted = NonFiniteValues(
            FeatureMatrix(rows: 3, columns: 2, values: [1, .nan, 0, 0, .infinity, -.infinity]))
        XCTAssertEqual(counted?.nan, 1)
        XCTAssertEqual(counted?.infinite, 2)
        XCTAssertEqual(counted?.rows, [0, 2])
        XCTAssertEqual(counted?.counts, "1 NaN and 2 infinite values")
        XCTAssertNil(NonFiniteValues(FeatureMatrix(rows: 1, columns: 2, values: [0, 1])))
    }

    func testSourceLabelsThatRelabelTheTargetExplainEverything() {
        // The source's class k is always target class k: H(Y|Z) = 0.
        let labels = [0, 1, 2, 0, 1, 2]
        let probabilities = labels.flatMap { label in (0..<3).map { $0 == label ? 0.98 : 0.01 } }
        let scores = SourceLabelScores(probabilities: probabilities, sourceClasses: 3, labels: labels, classes: 3)
        XCTAssertEqual(scores.explainedLabelEntropy, 1, accuracy: 1e-12)
        XCTAssertEqual(scores.nce, 0, accuracy: 1e-12)
        XCTAssertGreaterThan(scores.leep, -0.1)
    }
}
