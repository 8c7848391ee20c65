/// Loss and accuracy of one epoch, as plotted by `RunCharts.trainingCurves`.
public struct CurvePoint: Sendable, Equatable {
    /// 1-based epoch number (the x coordinate).
    public var epoch: Int
    /// Mean training loss over the epoch.
    public var trainLoss: Double
    /// Training top-1 accuracy, a fraction in 0...1.
    public var trainAccuracy: Double
    /// Validation loss, nil when the run has no validation split.
    public var validationLoss: Double?
    /// Validation top-1 accuracy, nil when the run has no validation split.
    public var validationAccuracy: Double?

    /// A point from its five measurements.
    public init(
        epoch: Int, trainLoss: Double, trainAccuracy: Double,
        validationLoss: Double? = nil, validationAccuracy: Double? = nil
    ) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
    }
}

extension CurvePoint {
    /// The point for one epoch a `Trainer` measured.
    public init(_ metrics: EpochMetrics) {
        self.init(
            epoch: metrics.epoch, trainLoss: metrics.trainLoss, trainAccuracy: metrics.trainAccuracy,
            validationLoss: metrics.validation?.loss, validationAccuracy: metrics.validation?.accuracy)
    }
}
