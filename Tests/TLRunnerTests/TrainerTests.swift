import Foundation
import TLEngine
import TLGraph
import TLIO
import TLLayerCatalog
import TLTestSupport
import XCTest

@testable import TLRunner

final class TrainerTests: XCTestCase {
    private func trainer(_ yaml: String, featureCache: Bool = true) throws -> Trainer {
        let folder = temporaryFolder("trainer")
        let file = folder + "/p.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return try Trainer(PipelineValidator.standard.validate(file: file), allowFeatureCache: featureCache)
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

    /// The synthetic pipeline with everything but a new fc3 frozen (the feature cache applies).
    private var frozenHead: String {
        synthetic.replacingOccurrences(
            of: "head: []",
            with: "slice: {before: fc3}\nhead: [{op: linear, name: fc3, out_features: classes}]\nfreeze: all")
    }

    func testTrainingFromScratchLearnsTheSyntheticShapes() throws {
        let trainer = try trainer(synthetic)
        let epochs = EpochRecorder()
        let history = try trainer.train(observer: epochs).history
        XCTAssertEqual(epochs.seen, [1, 2, 3, 4])
        XCTAssertLessThan(history.last!.trainLoss, history.first!.trainLoss)
        let test = try XCTUnwrap(trainer.test()).metrics
        XCTAssertEqual(test.images, 160)
        XCTAssertGreaterThan(test.accuracy, 0.6, "four classes: chance is 0.25")
        XCTAssertEqual(history.first!.validation?.images, 96)
    }

    func testFrozenLayersNeverChangeAndTrainingIsDeterministic() throws {
        let frozenPipeline = frozenHead
        let first = try trainer(frozenPipeline)
        let before = first.store.parameters.filter { !$0.name.hasPrefix("fc3") }.map { $0.value.array }
        _ = try first.train()
        let after = first.store.parameters.filter { !$0.name.hasPrefix("fc3") }.map { $0.value.array }
        XCTAssertEqual(before, after, "frozen parameters are bit for bit what they were")
        let second = try trainer(frozenPipeline)
        _ = try second.train()
        XCTAssertEqual(
            first.store["fc3.weight"]!.value.array, second.store["fc3.weight"]!.value.array,
            "same seed, same threads, same weights")
    }

    func testALossThatDivergesStopsWithTheStepTheEpochAndTheLearningRate() throws {
        let trainer = try trainer(
            synthetic.replacingOccurrences(
                of: "train: {epochs: 4, batch_size: 32}",
                with: "train: {epochs: 2, batch_size: 32}\noptimizer: {type: sgd, lr: 1.0e+30}"))
        XCTAssertThrowsError(try trainer.train()) { error in
            guard case .trainingNotFinite(let step) = error as? RunError else { return XCTFail("\(error)") }
            XCTAssertFalse(step.value.isFinite)
            XCTAssertEqual(step.epoch, 1)
            XCTAssertEqual(step.step, step.batch, "in the first epoch the step is the batch")
            XCTAssertEqual(step.batches, 12, "384 training images in batches of 32")
            XCTAssertEqual(step.learningRate, 1e30)
            XCTAssertTrue("\(error)".contains("at step \(step.step) (epoch 1, batch \(step.batch) of 12)"), "\(error)")
        }
    }

    func testTheFeatureCacheGivesTheUncachedResultsWithinFloatTolerance() throws {
        let cached = try trainer(frozenHead)
        XCTAssertEqual(
            try cached.prepareFeatureCache(),
            "on: N×256 features after fc1.relu computed once (0.7 MB); every batch runs fc1.dropout, fc2, fc2.relu, fc3",
            "the cache stops before the dropout, which stays random in training as in PyTorch")
        let plain = try trainer(frozenHead, featureCache: false)
        XCTAssertEqual(try plain.prepareFeatureCache(), "off: " + OptionNote.featureCacheOff)
        let cachedHistory = try cached.train().history, plainHistory = try plain.train().history
        for (a, b) in zip(cachedHistory, plainHistory) {
            XCTAssertEqual(a.trainLoss, b.trainLoss, accuracy: 1e-4)
            XCTAssertEqual(a.validation!.accuracy, b.validation!.accuracy, accuracy: 1e-9)
        }
        for (a, b) in zip(cached.store["fc3.weight"]!.value.array, plain.store["fc3.weight"]!.value.array) {
            XCTAssertEqual(a, b, accuracy: 1e-4)
        }
        XCTAssertEqual(try cached.test()!.confusion, try plain.test()!.confusion)
    }

    func testTheCacheStopsWhereFeaturesChangeDuringTraining() throws {
        let augmented = frozenHead.replacingOccurrences(
            of: "  test: {source: test}", with: "  test: {source: test}\n  augment: [{op: hflip}]")
        XCTAssertEqual(try trainer(augmented).prepareFeatureCache(), "off: the training images are augmented")
        XCTAssertEqual(
            try trainer(synthetic).prepareFeatureCache(),
            "off: nothing frozen comes before the first layer that runs every batch: 'conv1' trains")
        let unfreezing = frozenHead.replacingOccurrences(
            of: "freeze: all", with: "freeze: {layers: all, unfreeze: [{epoch: 2, layers: [conv3]}]}")
        XCTAssertTrue(
            try trainer(unfreezing).prepareFeatureCache().hasPrefix(
                "on: N×64×7×7 features after conv2.pool computed once"),
            "the layers that unfreeze later run every batch")
    }

    func testADropoutThatDropsNothingDoesNotStopTheCache() throws {
        let pipeline = """
            version: 1
            name: vit-probe
            source: {model: vit_b_32, input: [3, 64, 64], classes: 4, weights: random}
            dataset: {type: synthetic, classes: 4, images: 8, size: 64, channels: 3}
            slice: class_token_features
            freeze: all
            head: [{op: linear, name: head.fc, out_features: classes}]
            """
        XCTAssertTrue(
            try trainer(pipeline).prepareFeatureCache().hasPrefix(
                "on: N×768 features after class_token_features computed once"),
            "ViT's dropouts (p = 0) are the identity in training too")
        XCTAssertEqual(
            try trainer(
                pipeline.replacingOccurrences(
                    of: "slice: class_token_features", with: "slice: encoder.layers.encoder_layer_1"
                )
                .replacingOccurrences(of: "head: [", with: "head: [{op: token_pool, name: head.pool}, ")
            ).prepareFeatureCache().components(separatedBy: " computed once").first,
            "on: N×768×1×5 features after encoder.layers.encoder_layer_1")
    }

    func testFeaturesTooLargeForMemoryAreNotCached() throws {
        let trainer = try trainer(
            """
            version: 1
            name: big
            source: {model: seed-cnn, input: [1, 128, 128], classes: 4, weights: random}
            dataset: {type: synthetic, classes: 4, images: 10000, size: 128}
            slice: conv1
            freeze: all
            head: [{op: flatten, name: head.flatten}, {op: linear, name: head.fc, out_features: classes}]
            """)
        let summary = try trainer.prepareFeatureCache()
        XCTAssertTrue(summary.hasPrefix("off: the features after conv1.pool would take 5.2 GB (the limit is"), summary)
        XCTAssertNil(trainer.featureCache)
    }

    func testAnInterruptedRunResumedFromItsCheckpointEndsWithTheSameWeights() throws {
        let whole = try trainer(synthetic)
        let finished = try whole.train()
        var batches = 0
        let stopped = try trainer(synthetic)
        var saved: TrainingCheckpoint?
        let partial = try stopped.train(
            observer: nil,
            shouldStop: {
                batches += 1; return batches == 17
            }
        ) { state in
            saved = TrainingCheckpoint(trainer: stopped, state: state)
        }
        XCTAssertEqual(
            partial.partial?.epoch, 2, "12 batches and an end-of-epoch check in epoch 1: the 17th check is in epoch 2")
        XCTAssertEqual(partial.partial?.batchesDone, 3)
        let resumed = try trainer(synthetic)
        let report = try saved!.restore(into: resumed, from: "checkpoint.safetensors", initializeNewLayers: false)
        XCTAssertEqual(report.applied.count, resumed.store.parameters.count)
        XCTAssertEqual(report.missing + report.reinitialised + report.unexpected, [])
        let ended = try resumed.train(from: saved!.state, optimizerState: saved!.optimizerState)
        XCTAssertEqual(ended.history.map(\.trainLoss), finished.history.map(\.trainLoss))
        for (a, b) in zip(resumed.store.parameters, whole.store.parameters) {
            XCTAssertEqual(a.value.array, b.value.array, "\(a.name) is bit for bit the uninterrupted run's")
        }
    }

    func testACheckpointLackingATensorTheNetworkNeedsIsAnErrorNamingItUnlessNewLayersMayStartFresh() throws {
        let source = try trainer(synthetic)
        var checkpoint = TrainingCheckpoint(trainer: source, state: TrainingState())
        let gone = try XCTUnwrap(checkpoint.weights.last?.name)
        checkpoint.weights.removeLast()
        XCTAssertThrowsError(
            try checkpoint.restore(
                into: try trainer(synthetic), from: "run/checkpoint.safetensors",
                initializeNewLayers: false)
        ) { error in
            XCTAssertTrue("\(error)".contains("run/checkpoint.safetensors"), "\(error)")
            XCTAssertTrue("\(error)".contains("missing: \(gone)"), "\(error)")
        }
        let report = try checkpoint.restore(
            into: try trainer(synthetic), from: "run/checkpoint.safetensors", initializeNewLayers: true)
        XCTAssertEqual(report.reinitialised, [gone])
        XCTAssertTrue(report.lines.contains("  re-initialised (new layers): \(gone)"), "\(report.lines)")
    }

    func testACheckpointTensorThatIsNotFloat32IsRefusedByName() throws {
        let source = try trainer(synthetic)
        let folder = temporaryFolder("checkpoint")
        let path = folder + "/checkpoint.safetensors"
        try TrainingCheckpoint(trainer: source, state: TrainingState()).write(to: .chosen(path))
        let file = try Safetensors.read(path: path)
        let tampered = file.tensors.map { tensor in
            tensor.name.hasSuffix("num_batches_tracked") || tensor.name == file.tensors.last?.name
                ? StoredTensor(
                    name: tensor.name, shape: tensor.shape,
                    values: .int64(Array(repeating: 1, count: tensor.elementCount)))
                : tensor
        }
        try Safetensors.write(tampered, metadata: file.metadata, to: path)
        XCTAssertThrowsError(try TrainingCheckpoint.read(path: path)) { error in
            XCTAssertTrue("\(error)".contains("is stored as"), "\(error)")
            XCTAssertTrue("\(error)".contains("float32 only"), "\(error)")
        }
    }

    func testBestMetricKeepsTheBestValidationEpochsWeights() throws {
        let pipeline = synthetic.replacingOccurrences(
            of: "train: {epochs: 4, batch_size: 32}",
            with: "train: {epochs: 4, batch_size: 32, best_metric: val_loss}")
        let trainer = try trainer(pipeline)
        let state = try trainer.train()
        let best = state.history.min { $0.validation!.loss < $1.validation!.loss }!
        XCTAssertEqual(state.bestEpoch, best.epoch)
        XCTAssertEqual(try trainer.evaluate(trainer.index.val!).metrics.loss, best.validation!.loss, accuracy: 1e-6)
    }

    func testLayersUnfreezeAtTheDeclaredEpochAndKeepTheirStateAfterwards() throws {
        let pipeline = frozenHead.replacingOccurrences(
            of: "freeze: all", with: "freeze: {layers: all, unfreeze: [{epoch: 3, layers: [conv3]}]}")
        let trainer = try trainer(pipeline)
        let initial = trainer.store["conv3.weight"]!.value.array
        var afterEpoch: [[Float]] = []
        _ = try trainer.train { _ in afterEpoch.append(trainer.store["conv3.weight"]!.value.array) }
        XCTAssertEqual(afterEpoch[0], initial, "frozen in epoch 1")
        XCTAssertEqual(afterEpoch[1], initial, "frozen in epoch 2")
        XCTAssertNotEqual(afterEpoch[2], initial, "trains from epoch 3")
        XCTAssertNotEqual(afterEpoch[3], afterEpoch[2])
        XCTAssertEqual(
            trainer.store["conv2.weight"]!.value.array, try self.trainer(pipeline).store["conv2.weight"]!.value.array,
            "a layer that never unfreezes keeps its initial values")
    }

    func testAZeroLearningRateMultiplierKeepsALayerWhereItWas() throws {
        let pipeline = synthetic.replacingOccurrences(
            of: "head: []", with: "head: []\nfreeze: {layers: none, lr_mult: {conv2: 0}}")
        let trainer = try trainer(pipeline)
        let conv2 = trainer.store["conv2.weight"]!.value.array, conv3 = trainer.store["conv3.weight"]!.value.array
        _ = try trainer.train()
        XCTAssertEqual(trainer.store["conv2.weight"]!.value.array, conv2, "lr × 0: the optimizer never moves it")
        XCTAssertNotEqual(trainer.store["conv3.weight"]!.value.array, conv3)
    }

    func testFrozenBatchNormStatisticsNeverMoveWhileTheHeadTrains() throws {
        let trainer = try trainer(
            """
            version: 1
            name: bn
            seed: 2
            source:
              input: [1, 28, 28]
              weights: random
              model:
                - {op: conv2d, name: conv, out_channels: 8, kernel_size: 3, padding: 1}
                - {op: batchnorm2d, name: bn}
                - {op: relu, name: relu}
                - {op: global_avgpool, name: pool}
                - {op: flatten, name: flatten}
                - {op: linear, name: fc, out_features: 4}
            dataset: {type: synthetic, family: blobs, classes: 4, images: 128}
            slice: {before: fc}
            freeze: all
            head: [{op: linear, name: fc, out_features: classes}]
            train: {epochs: 2, batch_size: 32, feature_cache: false}
            """)
        let statistics = ["bn.running_mean", "bn.running_var", "bn.num_batches_tracked", "bn.weight"].map {
            trainer.store[$0]!.value.array
        }
        let head = trainer.store["fc.weight"]!.value.array
        _ = try trainer.train()
        XCTAssertEqual(
            ["bn.running_mean", "bn.running_var", "bn.num_batches_tracked", "bn.weight"].map {
                trainer.store[$0]!.value.array
            },
            statistics, "frozen BatchNorm runs on its running statistics and updates nothing")
        XCTAssertNotEqual(trainer.store["fc.weight"]!.value.array, head)
    }
}

/// Records the epochs a trainer reports.
private final class EpochRecorder: TrainingObserver {
    var seen: [Int] = []
    func epochFinished(_ metrics: EpochMetrics, of epochs: Int) { seen.append(metrics.epoch) }
}
