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
    private let order: (Int) -> [Int]
    private var positions: [Int] = []
    private var nextBatchIndex = 0

    /// Serves `features` in batches of `batchSize`, each epoch in `order(epoch)`.
    init(features: SplitFeatures, batchSize: Int, order: @escaping (Int) -> [Int]) {
        self.features = features
        self.batchSize = batchSize
        self.order = order
    }

    var batchCount: Int { (features.count + batchSize - 1) / batchSize }

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
                    (target.baseAddress! + slot * width).update(from: source.baseAddress! + position * width, count: width)
                    labels.append(features.labels[position])
                }
            }
        }
        defer { nextBatchIndex += 1 }
        return Batch(index: nextBatchIndex, count: slice.count, shape: [slice.count, width], images: values, labels: labels)
    }
}
