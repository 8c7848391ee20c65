/// What one epoch of training measured.
public struct EpochMetrics: Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    public var learningRate: Double
    public var trainLoss: Double
    public var trainAccuracy: Double
    /// Validation loss and accuracy, when the data set has a validation split.
    public var validation: SplitMetrics?
    /// Wall time of the epoch (training and validation).
    public var seconds: Double
    /// Of which the training loop waited for the data loader.
    public var dataWaitSeconds: Double
}

/// Mean loss and top-1 accuracy over one split.
public struct SplitMetrics: Sendable, Equatable {
    public var loss: Double
    public var accuracy: Double
    public var images: Int
}
