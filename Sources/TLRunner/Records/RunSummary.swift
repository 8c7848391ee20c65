/// `summary.json`: a finished run's results: final metrics, per-class accuracy and confusion matrix on the
/// test split, what trained, timings per stage and whether the feature cache was used.
public struct RunSummary: Sendable, Equatable, Codable {
    /// One split's final results.
    public struct SplitResult: Sendable, Equatable, Codable {
        public var loss: Double
        public var accuracy: Double
        public var images: Int
        /// Accuracy of each class by name (absent for classes with no images).
        public var perClassAccuracy: [String: Double]?
        /// `confusionMatrix[true][predicted]` counts, rows and columns in class order.
        public var confusionMatrix: [[Int]]?
    }

    /// How long a stage took and what it did.
    public struct StageTiming: Sendable, Equatable, Codable {
        public var stage: String
        public var seconds: Double
        public var detail: String
    }

    public var pipelineName: String
    public var runId: String
    public var description: String
    public var classNames: [String]
    public var epochs: Int
    public var bestEpoch: Int?
    public var stoppedEarly: Bool
    /// The last epoch's training loss and accuracy.
    public var train: SplitResult?
    /// The kept weights' validation results.
    public var val: SplitResult?
    public var test: SplitResult?
    public var trainableParameters: Int
    public var totalParameters: Int
    /// Training images per split.
    public var images: [String: Int]
    public var featureCache: Bool
    public var featureCacheNote: String
    public var stages: [StageTiming]
    public var seconds: Double

    /// The split result of an evaluation, with class names for the per-class accuracy.
    public static func result(_ evaluation: SplitEvaluation, classNames: [String], detailed: Bool) -> SplitResult {
        var perClass: [String: Double] = [:]
        for (name, accuracy) in zip(classNames, evaluation.perClassAccuracy) {
            if let accuracy { perClass[name] = accuracy }
        }
        return SplitResult(
            loss: evaluation.metrics.loss, accuracy: evaluation.metrics.accuracy, images: evaluation.metrics.images,
            perClassAccuracy: detailed ? perClass : nil, confusionMatrix: detailed ? evaluation.confusion : nil)
    }

    /// Reads `summary.json` in `folder`.
    public static func read(folder: String) throws -> RunSummary {
        let path = RunFileName.summary.path(in: folder)
        return try RunFiles.readJSON(RunSummary.self, from: path, missing: RunError.unfinishedRun(folder: folder))
    }
}
