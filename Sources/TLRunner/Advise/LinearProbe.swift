import TLConfig
import TLEngine
import TLGraph
import TLMeasures

/// A linear classifier trained on frozen features exactly as a pipeline's head would be (its optimizer, learning
/// rate, schedule, batch size and epochs), scored by stratified k-fold cross-validation on the training images: 5 folds,
/// or 3 above `largeSample` images, where each held-out fold is large enough and the training time counts.
struct LinearProbe {
    /// Folds of the cross-validation, and the images per class it needs at least.
    static let folds = 5
    /// Samples above which 3 folds are used.
    static let largeSample = 1000

    let optimizer: OptimizerSpec
    let schedule: ScheduleSpec
    let batchSize: Int
    let epochs: Int
    let seed: Int

    /// The mean held-out accuracy over the folds of a linear layer from `features` to `classes`.
    func accuracy(_ features: FeatureMatrix, labels: [Int], classes: Int) throws -> Double {
        let folds = labels.count > Self.largeSample ? 3 : Self.folds
        let fold = Self.assignFolds(labels: labels, classes: classes, folds: folds, seed: seed)
        var correct = 0
        for held in 0..<folds {
            let training = labels.indices.filter { fold[$0] != held },
                testing = labels.indices.filter { fold[$0] == held }
            guard !training.isEmpty, !testing.isEmpty else { continue }
            correct += try heldOutCorrect(
                features, labels: labels, classes: classes, training: training, testing: testing, fold: held)
        }
        return Double(correct) / Double(labels.count)
    }

    /// Trains a fresh linear layer on the `training` rows and counts the `testing` rows it classifies right.
    private func heldOutCorrect(
        _ features: FeatureMatrix, labels: [Int], classes: Int, training: [Int], testing: [Int], fold: Int
    ) throws -> Int {
        let layer = [Layer("probe.fc", LinearOp(outFeatures: classes, inFeatures: features.columns))]
        let input = TensorShape([features.columns])
        let store = try ParameterStore(layers: [], seed: UInt64(seed + fold))
        var plans: [Int: CompiledNetwork] = [:]
        func plan(_ size: Int) throws -> CompiledNetwork {
            if let plan = plans[size] { return plan }
            let plan = try CompiledNetwork(
                layers: layer, input: input, batchSize: size, store: store, seed: UInt64(seed + fold))
            plans[size] = plan
            return plan
        }
        let optimizer = EngineSettings.optimizer(
            self.optimizer, parameters: try plan(min(batchSize, training.count)).trainableParameters)
        let rates = EngineSettings.schedule(schedule, baseLR: self.optimizer.lr, epochs: epochs)
        var random = SeededRandom(seed: UInt64(seed), stream: "advise.probe.\(fold)")
        var order = training
        for epoch in 0..<epochs {
            order.shuffle(using: &random)
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let rows = Array(order[start..<min(start + batchSize, order.count)])
                let step = try plan(rows.count)
                feed(features, labels: labels, rows: rows, into: step)
                step.forward(training: true)
                _ = step.lossAndBackward()
                try optimizer.step(learningRate: rates.rate(epoch: epoch))
            }
        }
        var correct = 0
        for start in stride(from: 0, to: testing.count, by: batchSize) {
            let rows = Array(testing[start..<min(start + batchSize, testing.count)])
            let step = try plan(rows.count)
            feed(features, labels: labels, rows: rows, into: step)
            step.forward(training: false)
            correct += step.correct()
        }
        return correct
    }

    /// Copies the feature rows and labels of `rows` into a plan's input.
    private func feed(_ features: FeatureMatrix, labels: [Int], rows: [Int], into plan: CompiledNetwork) {
        let width = features.columns
        features.values.withUnsafeBufferPointer { values in
            for (position, row) in rows.enumerated() {
                (plan.input.buffer.pointer + position * width).update(
                    from: values.baseAddress! + row * width, count: width)
                plan.labels[position] = Int32(labels[row])
            }
        }
    }

    /// A fold for every row: each class's rows, in a seeded random order, dealt round the folds in turn.
    static func assignFolds(labels: [Int], classes: Int, folds: Int, seed: Int) -> [Int] {
        var random = SeededRandom(seed: UInt64(seed), stream: "advise.folds")
        var fold = [Int](repeating: 0, count: labels.count)
        for label in 0..<classes {
            var rows = labels.indices.filter { labels[$0] == label }
            rows.shuffle(using: &random)
            for (position, row) in rows.enumerated() { fold[row] = position % folds }
        }
        return fold
    }
}
