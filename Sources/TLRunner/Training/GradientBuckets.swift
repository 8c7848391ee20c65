import TLDistributed
import TLEngine

/// The gradient all-reduce of data-parallel training, overlapped with the backward pass as DistributedDataParallel
/// does it: the trainable parameters are grouped into buckets in the order the backward pass completes their
/// gradients (the last layers first; a small first bucket, then about 25 MB each), and each bucket's sum across the
/// processes starts as soon as its last gradient is final, while the earlier layers' backward still runs. Each
/// process's gradient of its share's mean loss is scaled by its share of the global batch before the sum, so every
/// process ends with the gradient of the global batch's mean loss. The gradients are summed where they are, with no
/// copy into a bucket of their own.
public final class GradientBuckets {
    private struct Bucket {
        let parameters: [Parameter]
        var waitingFor: Int
        var sum: PendingSum?
    }

    private let group: ProcessGroup
    private var buckets: [Bucket]
    private let bucketOf: [ObjectIdentifier: Int]
    private var scale: Float = 1
    private var nextToStart = 0

    /// Buckets for the trainable parameters of `plan` (any plan of the same network and frozen set may then run).
    public init(
        plan: CompiledNetwork, group: ProcessGroup, firstBucketBytes: Int = 1 << 20, bucketBytes: Int = 25 << 20
    ) {
        self.group = group
        var groups: [[Parameter]] = [[]]
        var bytes = 0
        for parameters in plan.parametersByStep.reversed() {
            for parameter in parameters.reversed() {
                let limit = groups.count == 1 ? firstBucketBytes : bucketBytes
                if bytes > 0, bytes + parameter.count * 4 > limit {
                    groups.append([])
                    bytes = 0
                }
                groups[groups.count - 1].append(parameter)
                bytes += parameter.count * 4
            }
        }
        buckets = groups.filter { !$0.isEmpty }.map { Bucket(parameters: $0, waitingFor: $0.count, sum: nil) }
        var bucketOf: [ObjectIdentifier: Int] = [:]
        for (index, bucket) in buckets.enumerated() {
            for parameter in bucket.parameters { bucketOf[ObjectIdentifier(parameter)] = index }
        }
        self.bucketOf = bucketOf
    }

    /// Runs `plan`'s loss and backward pass for this process's `local` images of a global batch of `global`, summing
    /// the gradients across the processes as they become final; returns the loss of the local images.
    public func lossAndBackward(_ plan: CompiledNetwork, local: Int, global: Int) -> Double {
        begin(local: local, global: global)
        let loss = plan.lossAndBackward { [self] step in gradientsFinished(plan.parametersByStep[step]) }
        finish()
        return loss
    }

    /// Takes part in the sums without gradients of its own (a process whose share of a global batch is empty).
    public func contributeNothing() {
        begin(local: 0, global: 1)
        finish()
    }

    private func begin(local: Int, global: Int) {
        scale = local == 0 ? 0 : Float(local) / Float(max(global, 1))
        nextToStart = 0
        for index in buckets.indices { buckets[index].waitingFor = buckets[index].parameters.count }
    }

    /// Marks `parameters` final; starts every bucket now complete (in bucket order, the same on every process).
    private func gradientsFinished(_ parameters: [Parameter]) {
        for parameter in parameters {
            guard let index = bucketOf[ObjectIdentifier(parameter)] else { continue }
            buckets[index].waitingFor -= 1
        }
        while nextToStart < buckets.count, buckets[nextToStart].waitingFor == 0 { start(nextToStart) }
    }

    private func start(_ index: Int) {
        let gradients = buckets[index].parameters.map {
            UnsafeMutableBufferPointer(start: $0.grad.pointer, count: $0.count)
        }
        for gradient in gradients {
            if scale == 0 { gradient.update(repeating: 0) } else { for i in gradient.indices { gradient[i] *= scale } }
        }
        buckets[index].sum = group.startSum(gradients)
        nextToStart = index + 1
    }

    /// Starts what has not started and waits for every sum.
    private func finish() {
        while nextToStart < buckets.count { start(nextToStart) }
        for index in buckets.indices {
            buckets[index].sum?.wait()
            buckets[index].sum = nil
        }
    }
}
