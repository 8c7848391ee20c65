/// What `advise` measured and what it recommends, as the text table, the JSON and the written pipeline show it.
public struct Advice: Codable, Sendable {
    /// The measurements at one cut point.
    public struct Cut: Codable, Sendable {
        /// The `slice` value.
        public var name: String
        /// Conv, linear and self-attention layers kept (nested ones counted).
        public var depth: Int
        /// One image's features at the cut.
        public var featureShape: [Int]
        /// The width the scores were computed at (smaller than the features when wide maps were average-pooled).
        public var scoredWidth: Int
        /// True when a ViT's tokens were scored as the class token's features and the patch tokens' mean.
        public var scoredTokens: Bool = false
        /// Parameters of a new linear head on these features (what trains when everything before it is frozen).
        public var headParameters: Int
        /// Leave-one-out k-NN accuracy (cosine similarity).
        public var knnAccuracy: Double?
        /// LogME evidence per sample (higher is better; compare within one data set only).
        public var logME: Double?
        /// Cross-validated accuracy of a linear head trained as the pipeline trains one.
        public var probeAccuracy: Double?
        /// The relative Fréchet distance between the source's and the target's features here (nil without source data).
        public var shift: Double?
        /// Seconds the scores took.
        public var seconds: Double
        /// Why the cut was not scored (the time budget ran out), when it was not.
        public var skipped: String?
    }

    /// The source classifier's view of the target labels.
    public struct SourceLabels: Codable, Sendable {
        public var leep: Double
        public var nce: Double
        /// 1 − H(Y|Z)/H(Y).
        public var explainedLabelEntropy: Double
    }

    /// The recommendation and the numbers behind it.
    public struct Recommendation: Codable, Sendable {
        /// The transfer-learning case, 1 to 4.
        public var transferCase: Int
        /// Where to cut (the best-scoring cut point; for cases 3 and 4 the cut before the classifier).
        public var slice: String
        /// `all` (train only the head) or `none` (fine-tune everything).
        public var freeze: String
        /// The best-scoring frozen cut, whichever case is recommended.
        public var bestFrozenCut: String
        /// Whether the data is judged similar to the source's.
        public var similar: Bool
        /// Whether training more than the head is likely to pay at this data size: `likely`, `level` or `unlikely`.
        public var fineTuning: String
        /// The reasons, in numbers, one sentence each.
        public var reasons: [String]
    }

    /// The pipeline file advised on.
    public var pipeline: String
    /// The source network's name (the zoo name, or `inline`).
    public var model: String
    /// The source classifier layer (what cases 1, 3 and 4 replace), when there is one.
    public var classifier: String?
    /// Images in the training split, classes, and how many training images the scores used.
    public var trainImages: Int
    public var classes: Int
    public var sampledImages: Int
    /// Source-data images compared with the target (0 when the source's data is unknown).
    public var sourceImages: Int
    public var sourceLabels: SourceLabels?
    /// Every cut point, from the input onwards.
    public var cuts: [Cut]
    public var recommendation: Recommendation
    /// Seconds for the forward pass, and in all.
    public var forwardSeconds: Double
    public var seconds: Double

    /// Training images per class.
    public var imagesPerClass: Double { Double(trainImages) / Double(max(classes, 1)) }
}
