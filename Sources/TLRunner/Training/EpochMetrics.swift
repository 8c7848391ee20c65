/// What one epoch of training measured.
public struct EpochMetrics: Sendable, Equatable, Codable {
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
public struct SplitMetrics: Sendable, Equatable, Codable {
    public var loss: Double
    public var accuracy: Double
    public var images: Int
}

/// A split's metrics with what was predicted for each class.
public struct SplitEvaluation: Sendable, Equatable, Codable {
    public var metrics: SplitMetrics
    /// `confusion[true][predicted]` image counts.
    public var confusion: [[Int]]

    /// Top-1 accuracy of each true class (nil for a class with no images).
    public var perClassAccuracy: [Double?] {
        confusion.enumerated().map { index, row in
            let total = row.reduce(0, +)
            return total == 0 ? nil : Double(row[index]) / Double(total)
        }
    }
}
