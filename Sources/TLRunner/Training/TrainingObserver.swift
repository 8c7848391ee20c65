/// Receives what a run is doing as it happens (a progress display, a JSON log); every method has a no-op default.
public protocol TrainingObserver: AnyObject {
    /// A stage finished: its name, what it did, and how long it took.
    func stageFinished(_ stage: String, detail: String, seconds: Double)
    /// An epoch starts with `batches` batches.
    func epochStarted(_ epoch: Int, of epochs: Int, batches: Int)
    /// A training batch finished.
    func batchFinished(_ progress: BatchProgress)
    /// An epoch finished (validation included).
    func epochFinished(_ metrics: EpochMetrics, of epochs: Int)
    /// Long work other than training (advise's forward pass) got further.
    func workProgressed(_ progress: WorkProgress)
    /// A sweep's trials got further (one started, finished or trained a batch).
    func sweepProgressed(_ progress: SweepProgress)
    /// The run stopped when asked to (between batches), its checkpoint saved in the run folder `folder`.
    func runInterrupted(folder: String)
}

extension TrainingObserver {
    /// Ignores the stage.
    public func stageFinished(_ stage: String, detail: String, seconds: Double) {}
    /// Ignores the epoch start.
    public func epochStarted(_ epoch: Int, of epochs: Int, batches: Int) {}
    /// Ignores the batch.
    public func batchFinished(_ progress: BatchProgress) {}
    /// Ignores the epoch.
    public func epochFinished(_ metrics: EpochMetrics, of epochs: Int) {}
    /// Ignores the work.
    public func workProgressed(_ progress: WorkProgress) {}
    /// Ignores the sweep.
    public func sweepProgressed(_ progress: SweepProgress) {}
    /// Ignores the interruption.
    public func runInterrupted(folder: String) {}
}

/// How far a long piece of work other than training has got.
public struct WorkProgress: Sendable, Equatable {
    /// What is being done ("forward pass over the training sample").
    public var task: String
    /// Items done and in all, and what an item is ("images").
    public var done: Int
    public var total: Int
    public var unit: String
    /// Seconds since the work started.
    public var elapsed: Double

    /// Items per second so far.
    public var rate: Double { Double(done) / max(elapsed, 1e-9) }
}

/// The running state of an epoch after one batch.
public struct BatchProgress: Sendable, Equatable {
    public var epoch: Int
    public var epochs: Int
    /// 1-based batch number within the epoch.
    public var batch: Int
    public var batches: Int
    /// Mean loss and accuracy over the epoch's batches so far.
    public var loss: Double
    public var accuracy: Double
    /// Training images per second over the epoch so far.
    public var imagesPerSecond: Double
    /// Seconds since the epoch started.
    public var elapsed: Double
}
