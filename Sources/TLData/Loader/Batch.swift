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
}
