import TLDistributed
import TLEngine

/// One process's part in data-parallel training across the processes of an `mpirun` launch, with the semantics of
/// PyTorch's DistributedDataParallel: each global batch (the pipeline's `batch_size`, in the single-process order) is
/// split evenly, rank r taking the r-th share; the gradients are summed with each share weighted by its size, so
/// every process holds the gradient of the global batch's mean loss and takes the same optimizer step.
public struct DataParallel: Sendable {
    /// The processes training together.
    public let group: ProcessGroup
    /// Room for every trainable gradient, packed for one all-reduce.
    private var packed: [Float] = []

    /// This process's part in `group`.
    public init(group: ProcessGroup) { self.group = group }

    /// The positions of a global batch (or split) of `count` that this process takes.
    public func share(of count: Int) -> Range<Int> {
        (group.rank * count / group.size)..<((group.rank + 1) * count / group.size)
    }

    /// This process's order for an epoch: its share of each global batch of `batchSize` in `global`, batch after batch.
    func localOrder(_ global: [Int], batchSize: Int) -> [Int] {
        stride(from: 0, to: global.count, by: batchSize).flatMap { start -> ArraySlice<Int> in
            let batch = global[start..<min(global.count, start + batchSize)]
            let taken = share(of: batch.count)
            return batch[(batch.startIndex + taken.lowerBound)..<(batch.startIndex + taken.upperBound)]
        }
    }

    /// Turns each process's gradient of its share's mean loss into the gradient of the global batch's mean loss, on
    /// every process: scaled by `local` / `global` images, then summed.
    public mutating func averageGradients(_ parameters: [Parameter], local: Int, global: Int) {
        let total = parameters.reduce(0) { $0 + $1.count }
        if packed.count != total { packed = [Float](repeating: 0, count: total) }
        let scale = Float(local) / Float(max(global, 1))
        packed.withUnsafeMutableBufferPointer { buffer in
            var offset = 0
            for parameter in parameters {
                let gradient = parameter.grad.pointer
                for i in 0..<parameter.count { buffer[offset + i] = local == 0 ? 0 : gradient[i] * scale }
                offset += parameter.count
            }
            group.sumInPlace(buffer)
            offset = 0
            for parameter in parameters {
                parameter.grad.pointer.update(from: buffer.baseAddress! + offset, count: parameter.count)
                offset += parameter.count
            }
        }
    }

    /// Every process's share of a split's features, on every process: `local` holds this process's share of the
    /// `count` rows; the result holds them all.
    func gather(_ local: SplitFeatures, of count: Int) -> SplitFeatures {
        var whole = SplitFeatures(values: [Float](repeating: 0, count: count * local.width), labels: [], width: local.width)
        let own = share(of: count)
        whole.values.withUnsafeMutableBufferPointer { values in
            local.values.withUnsafeBufferPointer { values.baseAddress!.advanced(by: own.lowerBound * local.width).update(from: $0.baseAddress!, count: $0.count) }
            let segments = (0..<group.size).map { rank in
                (rank * count / group.size * local.width)..<((rank + 1) * count / group.size * local.width)
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
