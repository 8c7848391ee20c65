import TLDistributed
import TLEngine

/// One process's part in data-parallel training across the processes of an `mpirun` launch, with the semantics of
/// PyTorch's DistributedDataParallel: each global batch (the pipeline's `batch_size`, in the single-process order) is
/// split evenly, rank r taking the r-th share; the gradients are summed with each share weighted by its size (see
/// `GradientBuckets`), so every process holds the gradient of the global batch's mean loss and takes the same step.
public struct DataParallel: Sendable {
    /// The processes training together.
    public let group: ProcessGroup

    /// This process's part in `group`.
    public init(group: ProcessGroup) { self.group = group }

    /// The positions of a global batch (or split) of `count` that process `rank` (this one by default) takes.
    public func share(of count: Int, rank: Int? = nil) -> Range<Int> {
        let rank = rank ?? group.rank
        return (rank * count / group.size)..<((rank + 1) * count / group.size)
    }

    /// This process's order for an epoch: its share of each global batch of `batchSize` in `global`, batch after batch.
    func localOrder(_ global: [Int], batchSize: Int) -> [Int] {
        stride(from: 0, to: global.count, by: batchSize).flatMap { start -> ArraySlice<Int> in
            let batch = global[start..<min(global.count, start + batchSize)]
            let taken = share(of: batch.count)
            return batch[(batch.startIndex + taken.lowerBound)..<(batch.startIndex + taken.upperBound)]
        }
    }

    /// Every process's share of a split's features, on every process: `local` holds this process's share of the
    /// `count` rows; the result holds them all.
    func gather(_ local: SplitFeatures, of count: Int) -> SplitFeatures {
        var whole = SplitFeatures(
            values: [Float](repeating: 0, count: count * local.width), labels: [], width: local.width)
        let own = share(of: count)
        whole.values.withUnsafeMutableBufferPointer { values in
            local.values.withUnsafeBufferPointer {
                values.baseAddress!.advanced(by: own.lowerBound * local.width).update(
                    from: $0.baseAddress!, count: $0.count)
            }
            let segments = (0..<group.size).map { rank in
                let rows = share(of: count, rank: rank)
                return (rows.lowerBound * local.width)..<(rows.upperBound * local.width)
            }
            group.shareSegments(values, segments: segments)
        }
        return whole
    }

    /// Makes every process's buffers (BatchNorm running statistics) rank 0's, as DistributedDataParallel does.
    func broadcastBuffers(_ store: ParameterStore) {
        for parameter in store.parameters where parameter.isBuffer && !parameter.isInteger {
            group.broadcastInPlace(UnsafeMutableBufferPointer(start: parameter.value.pointer, count: parameter.count))
        }
    }
}
