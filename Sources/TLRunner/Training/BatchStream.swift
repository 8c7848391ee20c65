import TLData

/// Batches of one split for one epoch, in a fixed order: decoded images, or cached features.
protocol BatchStream: AnyObject {
    /// Batches per epoch.
    var batchCount: Int { get }
    /// Starts `epoch` at batch `firstBatch`.
    func start(epoch: Int, firstBatch: Int)
    /// The next batch, nil at the end of the epoch.
    func nextBatch() throws -> Batch?
}

extension BatchLoader: BatchStream {}

/// A split's frozen features held in memory, served in the order the image loader would use.
final class CachedFeatureStream: BatchStream {
    private let features: SplitFeatures
    private let batchSize: Int
    private let count: Int
    private let order: (Int) -> [Int]
    private var positions: [Int] = []
    private var nextBatchIndex = 0

    /// Serves `features` in batches of `batchSize`, each epoch the `count` positions of `order(epoch)` (all by default).
    init(features: SplitFeatures, batchSize: Int, count: Int? = nil, order: @escaping (Int) -> [Int]) {
        self.features = features
        self.batchSize = batchSize
        self.count = count ?? features.count
        self.order = order
    }

    var batchCount: Int { (count + batchSize - 1) / batchSize }

    func start(epoch: Int, firstBatch: Int) {
        positions = order(epoch)
        nextBatchIndex = firstBatch
    }

    func nextBatch() throws -> Batch? {
        guard nextBatchIndex < batchCount else { return nil }
        let slice = positions[(nextBatchIndex * batchSize)..<min(positions.count, (nextBatchIndex + 1) * batchSize)]
        let width = features.width
        var values = [Float](repeating: 0, count: slice.count * width)
        var labels: [Int32] = []
        labels.reserveCapacity(slice.count)
        values.withUnsafeMutableBufferPointer { target in
            features.values.withUnsafeBufferPointer { source in
                for (slot, position) in slice.enumerated() {
                    (target.baseAddress! + slot * width).update(
                        from: source.baseAddress! + position * width, count: width)
                    labels.append(features.labels[position])
                }
            }
        }
        defer { nextBatchIndex += 1 }
        return Batch(
            index: nextBatchIndex, count: slice.count, shape: [slice.count, width], images: values, labels: labels)
    }
}

/// A process's share of each global batch in data-parallel training: `inner` serves the shares in order, and a last
/// global batch too small to give this process an image yields an empty batch, so every process takes the same steps.
final class ShardedStream: BatchStream {
    private let inner: BatchStream
    let batchCount: Int
    private var served = 0

    /// Serves `inner`'s batches as `batchCount` steps.
    init(inner: BatchStream, batchCount: Int) {
        self.inner = inner
        self.batchCount = batchCount
    }

    func start(epoch: Int, firstBatch: Int) {
        inner.start(epoch: epoch, firstBatch: min(firstBatch, inner.batchCount))
        served = firstBatch
    }

    func nextBatch() throws -> Batch? {
        guard served < batchCount else { return nil }
        defer { served += 1 }
        return try inner.nextBatch() ?? Batch(index: served, count: 0, shape: [0], images: [], labels: [])
    }
}
