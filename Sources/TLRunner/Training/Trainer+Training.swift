import Dispatch
import TLConfig
import TLData
import TLEngine

extension Trainer {
    /// Trains from `state` (a fresh run, or a checkpoint's state with its `optimizerState`) to the last epoch or an
    /// early stop. `checkpoint` is called after every epoch, and between batches when `shouldStop` turns true
    /// (the returned state then has `partial` set and training stops there).
    public func train(
        from start: TrainingState = TrainingState(), optimizerState: [(name: String, values: [Float])] = [],
        observer: TrainingObserver? = nil, shouldStop: () -> Bool = { false },
        checkpoint: (TrainingState) throws -> Void = { _ in }
    ) throws -> TrainingState {
        let settings = pipeline.train
        let schedule = EngineSettings.schedule(
            pipeline.schedule, baseLR: pipeline.optimizer.lr, epochs: settings.epochs)
        let stream = try trainingStream()
        var state = start
        var savedOptimizerState = optimizerState
        var frozenNow: Set<String>?
        guard !state.stoppedEarly else { return state }
        for epoch in (state.epochsDone + 1)...max(settings.epochs, state.epochsDone + 1) where epoch <= settings.epochs
        {
            let frozen = frozen(epoch: epoch)
            if frozen != frozenNow {
                try switchOptimizer(frozen: frozen, carried: optimizer?.stateTensors() ?? savedOptimizerState)
                savedOptimizerState = []
                frozenNow = frozen
            }
            let resumed = state.partial?.epoch == epoch ? state.partial : nil
            var totals =
                resumed
                ?? TrainingState.PartialEpoch(
                    epoch: epoch, batchesDone: 0, lossSum: 0, correct: 0, images: 0,
                    seconds: 0, dataWaitSeconds: 0)
            state.partial = nil
            let rate = schedule.rate(epoch: epoch - 1)
            let started = DispatchTime.now().uptimeNanoseconds
            let secondsBefore = totals.seconds
            func elapsed() -> Double { secondsBefore + Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
            observer?.epochStarted(epoch, of: settings.epochs, batches: stream.batchCount)
            stream.start(epoch: epoch - 1, firstBatch: totals.batchesDone)
            var stopAsked = false
            while true {
                if parallel == nil ? shouldStop() : stopAsked {
                    totals.seconds = elapsed()
                    state.partial = totals
                    try checkpoint(state)
                    return state
                }
                let waitStart = DispatchTime.now().uptimeNanoseconds
                guard let batch = try stream.nextBatch() else { break }
                totals.dataWaitSeconds += Double(DispatchTime.now().uptimeNanoseconds - waitStart) / 1e9
                let globalImages = min(
                    settings.batchSize, index.train.samples.count - totals.batchesDone * settings.batchSize)
                let step = try trainStep(
                    batch, frozen: frozen, dropoutStep: UInt64(epoch) << 32 | UInt64(totals.batchesDone),
                    globalImages: parallel == nil ? batch.count : globalImages,
                    stopping: parallel != nil && shouldStop())
                let value = step.lossSum / Double(max(step.images, 1))
                let gradientNorm = value.isFinite ? GradientClipping.norm(step.parameters) : .nan
                try refuseNonFinite(
                    loss: value, gradientNorm: gradientNorm, epoch: epoch, batch: totals.batchesDone + 1,
                    batches: stream.batchCount, epochsDone: state.epochsDone, rate: rate)
                if let clip = settings.gradClip { GradientClipping.clip(step.parameters, maxNorm: clip) }
                try optimizer?.step(learningRate: rate)
                stopAsked = step.stopAsked
                totals.lossSum += step.lossSum
                totals.correct += step.correct
                totals.images += step.images
                totals.batchesDone += 1
                observer?.batchFinished(
                    Self.progress(totals, epochs: settings.epochs, batches: stream.batchCount, seconds: elapsed()))
            }
            let validation = try index.val.map(evaluate)?.metrics
            let metrics = EpochMetrics(
                epoch: epoch, learningRate: rate, trainLoss: totals.lossSum / Double(max(totals.images, 1)),
                trainAccuracy: Double(totals.correct) / Double(max(totals.images, 1)), validation: validation,
                seconds: elapsed(), dataWaitSeconds: totals.dataWaitSeconds)
            state.history.append(metrics)
            selectBest(after: metrics, state: &state)
            observer?.epochFinished(metrics, of: settings.epochs)
            try checkpoint(state)
            if state.stoppedEarly { break }
        }
        if bestWeights != nil, settings.bestMetric != nil { try restoreBestWeights() }
        return state
    }

    /// A fresh optimizer for the parameters that train with `frozen` frozen, starting from the state `carried` over
    /// from the optimizer before it (or a checkpoint's, for the first).
    private func switchOptimizer(frozen: Set<String>, carried: [(name: String, values: [Float])]) throws {
        let fresh = EngineSettings.optimizer(
            pipeline.optimizer, parameters: try trainingPlan(batch: localBatchSize, frozen: frozen).trainableParameters)
        try fresh.loadState(
            carried.filter { entry in fresh.parameters.contains { entry.name.hasPrefix($0.name + ".") } })
        optimizer = fresh
    }

    /// Stops training at a loss or gradient norm that is not finite, naming the step, the batch and the epoch.
    private func refuseNonFinite(
        loss: Double, gradientNorm: Double, epoch: Int, batch: Int, batches: Int, epochsDone: Int, rate: Double
    ) throws {
        guard !loss.isFinite || !gradientNorm.isFinite else { return }
        throw RunError.trainingNotFinite(
            NonFiniteStep(
                quantity: loss.isFinite ? .gradientNorm : .loss, value: loss.isFinite ? gradientNorm : loss,
                epoch: epoch,
                batch: batch, batches: batches, step: (epoch - 1) * batches + batch, epochsDone: epochsDone,
                learningRate: pipeline.optimizer.lr, scheduledRate: rate))
    }

    /// The progress an observer sees after a batch of the epoch `totals` sums up.
    private static func progress(_ totals: TrainingState.PartialEpoch, epochs: Int, batches: Int, seconds: Double)
        -> BatchProgress
    {
        BatchProgress(
            epoch: totals.epoch, epochs: epochs, batch: totals.batchesDone, batches: batches,
            loss: totals.lossSum / Double(totals.images), accuracy: Double(totals.correct) / Double(totals.images),
            imagesPerSecond: Double(totals.images) / max(seconds, 1e-9), elapsed: seconds)
    }

    /// Early-stopping and `best_metric` bookkeeping after an epoch's validation.
    private func selectBest(after metrics: EpochMetrics, state: inout TrainingState) {
        func watched(_ metric: ValidationMetric, _ validation: SplitMetrics) -> Double {
            metric == .valAccuracy ? -validation.accuracy : validation.loss
        }
        guard let validation = metrics.validation else { return }
        let settings = pipeline.train
        if let best = settings.bestMetric {
            let value = watched(best, validation)
            if value < state.bestSelected ?? .infinity {
                state.bestSelected = value
                state.bestEpoch = metrics.epoch
                bestWeights = Dictionary(uniqueKeysWithValues: store.parameters.map { ($0.name, $0.value.array) })
            }
        }
        if let stopping = settings.earlyStopping {
            let value = watched(stopping.metric, validation)
            if value < (state.bestWatched ?? .infinity) - stopping.minDelta {
                state.bestWatched = value
                state.epochsSinceImprovement = 0
            } else {
                state.epochsSinceImprovement += 1
            }
            state.stoppedEarly = state.epochsSinceImprovement >= stopping.patience
        }
    }

    /// Puts the weights `best_metric` chose back into the network.
    public func restoreBestWeights() throws {
        for (name, values) in bestWeights ?? [:] { try store.set(name, values: values) }
    }

    /// One training step's forward and backward pass on `batch` (in data-parallel training, this process's share of a
    /// global batch of `globalImages`, whose gradient every process then holds); returns the global batch's loss sum,
    /// correct predictions and images, the parameters it trains, and whether any process was asked to stop.
    private func trainStep(_ batch: Batch, frozen: Set<String>, dropoutStep: UInt64, globalImages: Int, stopping: Bool)
        throws
        -> (lossSum: Double, correct: Int, images: Int, parameters: [Parameter], stopAsked: Bool)
    {
        var lossSum = 0.0, correct = 0
        let buckets = try gradientBuckets(frozen: frozen)
        if batch.count > 0 {
            let plan = try trainingPlan(batch: batch.count, frozen: frozen)
            feed(batch, into: plan)
            plan.reseedDropout(step: dropoutStep, firstSample: parallel?.share(of: globalImages).lowerBound ?? 0)
            plan.forward(training: true)
            let loss =
                buckets?.lossAndBackward(plan, local: batch.count, global: globalImages) ?? plan.lossAndBackward()
            lossSum = loss * Double(batch.count)
            correct = plan.correct()
        } else if let sharedBatchStatistics {
            try takePartInBatchStatistics(sharedBatchStatistics, frozen: frozen, buckets: buckets)
        } else {
            buckets?.contributeNothing()
        }
        let parameters = try trainingPlan(batch: localBatchSize, frozen: frozen).trainableParameters
        guard parallel != nil else { return (lossSum, correct, batch.count, parameters, stopping) }
        let sums = group.sum([lossSum, Double(correct), stopping ? 1 : 0])
        return (sums[0], Int(sums[1]), globalImages, parameters, sums[2] > 0)
    }

    /// The gradient buckets of data-parallel training for the plans of `frozen` (nil in one process).
    private func gradientBuckets(frozen: Set<String>) throws -> GradientBuckets? {
        guard parallel != nil else { return nil }
        if let current = bucketsByFrozen, current.frozen == frozen { return current.buckets }
        let buckets = GradientBuckets(plan: try trainingPlan(batch: localBatchSize, frozen: frozen), group: group)
        bucketsByFrozen = (frozen, buckets)
        return buckets
    }

    /// A process whose share of a global batch is empty still takes part in synchronised BatchNorm's exchanges, in
    /// the order every other process makes them: it runs one blank image that contributes no statistics and whose
    /// gradient is discarded.
    private func takePartInBatchStatistics(
        _ shared: SharedBatchStatistics, frozen: Set<String>, buckets: GradientBuckets?
    ) throws {
        let plan = try trainingPlan(batch: 1, frozen: frozen)
        plan.input.buffer.pointer.update(repeating: 0, count: plan.input.buffer.count)
        plan.labels[0] = 0
        shared.contributes = false
        defer { shared.contributes = true }
        plan.forward(training: true)
        _ = buckets?.lossAndBackward(plan, local: 0, global: 1) ?? plan.lossAndBackward()
    }
}
