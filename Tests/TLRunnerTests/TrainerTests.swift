import Foundation
import XCTest
import TLEngine
import TLGraph
@testable import TLRunner

final class TrainerTests: XCTestCase {
    private func trainer(_ yaml: String) throws -> Trainer {
        let folder = NSTemporaryDirectory() + "tlrun-trainer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/p.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return try Trainer(PipelineValidator.validate(file: file))
    }

    private let synthetic = """
        version: 1
        name: t
        seed: 3
        source: {model: seed-cnn, classes: 4, weights: random}
        dataset:
          type: synthetic
          family: shapes
          classes: 4
          images: 480
          test_images: 160
          val: {fraction: 0.2}
          test: {source: test}
        head: []
        train: {epochs: 4, batch_size: 32}
        """

    func testTrainingFromScratchLearnsTheSyntheticShapes() throws {
        let trainer = try trainer(synthetic)
        var seen: [Int] = []
        let history = try trainer.train { seen.append($0.epoch) }
        XCTAssertEqual(seen, [1, 2, 3, 4])
        XCTAssertLessThan(history.last!.trainLoss, history.first!.trainLoss)
        let test = try XCTUnwrap(trainer.test())
        XCTAssertEqual(test.images, 160)
        XCTAssertGreaterThan(test.accuracy, 0.6, "four classes: chance is 0.25")
        XCTAssertEqual(history.first!.validation?.images, 96)
    }

    func testFrozenLayersNeverChangeAndTrainingIsDeterministic() throws {
        let frozenPipeline = synthetic.replacingOccurrences(of: "head: []", with: "slice: {before: fc3}\nhead: [{op: linear, name: fc3, out_features: classes}]\nfreeze: all")
        let first = try trainer(frozenPipeline)
        let before = first.store.parameters.filter { !$0.name.hasPrefix("fc3") }.map { $0.value.array }
        _ = try first.train()
        let after = first.store.parameters.filter { !$0.name.hasPrefix("fc3") }.map { $0.value.array }
        XCTAssertEqual(before, after, "frozen parameters are bit for bit what they were")
        let second = try trainer(frozenPipeline)
        _ = try second.train()
        XCTAssertEqual(first.store["fc3.weight"]!.value.array, second.store["fc3.weight"]!.value.array, "same seed, same threads, same weights")
    }

    func testALossThatDivergesStopsWithTheEpochAndAHint() throws {
        let trainer = try trainer(synthetic.replacingOccurrences(of: "train: {epochs: 4, batch_size: 32}",
                                                                  with: "train: {epochs: 2, batch_size: 32}\noptimizer: {type: sgd, lr: 1000000.0}"))
        XCTAssertThrowsError(try trainer.train()) { error in
            XCTAssertTrue("\(error)".contains("lower the learning rate"), "\(error)")
            XCTAssertTrue("\(error)".contains("epoch 1"), "\(error)")
        }
    }
}
