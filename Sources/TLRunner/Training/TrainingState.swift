/// Where training stands: finished epochs, the epoch in progress, early stopping and best-model bookkeeping.
/// Saved in every checkpoint, so a resumed run continues exactly where this says.
public struct TrainingState: Sendable, Equatable, Codable {
    /// One epoch's running totals up to a batch boundary (an interrupted epoch).
    public struct PartialEpoch: Sendable, Equatable, Codable {
        public var epoch: Int
        public var batchesDone: Int
        public var lossSum: Double
        public var correct: Int
        public var images: Int
        public var seconds: Double
        public var dataWaitSeconds: Double
    }

    /// Metrics of every finished epoch, in order.
    public var history: [EpochMetrics] = []
    /// The epoch that stopped part-way (set when a run is interrupted between batches).
    public var partial: PartialEpoch?
    /// The best value of the watched metric so far, lower is better (accuracy is negated).
    public var bestWatched: Double?
    /// Epochs since the early-stopping metric last improved.
    public var epochsSinceImprovement = 0
    /// The epoch whose weights `best_metric` keeps.
    public var bestEpoch: Int?
    /// Early stopping ended the run.
    public var stoppedEarly = false
    /// The best value of the `best_metric` so far, lower is better.
    public var bestSelected: Double?

    /// Creates the state of a run that has not started.
    public init() {}

    /// Finished epochs.
    public var epochsDone: Int { history.count }
}
