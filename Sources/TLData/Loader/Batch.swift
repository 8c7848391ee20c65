/// A batch: `count` images as one N×C×H×W Float buffer and their labels.
public struct Batch: Sendable {
    /// Which batch of the epoch this is (0-based).
    public var index: Int
    /// Images in the batch.
    public var count: Int
    /// `[count, channels, height, width]`.
    public var shape: [Int]
    /// `count * channels * height * width` values, image after image, each CHW.
    public var images: [Float]
    /// One label per image.
    public var labels: [Int32]

    /// Creates a batch of `count` inputs of `shape` (batch dimension first) with their labels.
    public init(index: Int, count: Int, shape: [Int], images: [Float], labels: [Int32]) {
        self.index = index
        self.count = count
        self.shape = shape
        self.images = images
        self.labels = labels
    }
}
