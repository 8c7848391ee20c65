import Foundation

/// One epoch's production: worker threads build batches in any order, a few ahead; the consumer takes them in order.
final class EpochRun: @unchecked Sendable {
    private let condition = NSCondition()
    private let order: [Int]
    private let batchSize: Int
    private let prefetch: Int
    private let build: @Sendable (Int, ArraySlice<Int>) throws -> Batch
    let batchCount: Int
    private var ready: [Int: Result<Batch, Error>] = [:]
    private var nextToBuild = 0
    private var nextToDeliver = 0
    private var cancelled = false

    /// Starts `workers` threads building the batches of `order` (positions into the split) from `firstBatch` on.
    init(
        order: [Int], batchSize: Int, dropLast: Bool, firstBatch: Int = 0, workers: Int, prefetch: Int,
        build: @escaping @Sendable (Int, ArraySlice<Int>) throws -> Batch
    ) {
        self.order = order
        self.batchSize = batchSize
        self.prefetch = max(1, prefetch)
        self.build = build
        batchCount = dropLast ? order.count / batchSize : (order.count + batchSize - 1) / batchSize
        nextToBuild = min(firstBatch, batchCount)
        nextToDeliver = nextToBuild
        for _ in 0..<max(1, workers) {
            let thread = Thread { [self] in work() }
            thread.name = "tlrun-data"
            thread.start()
        }
    }

    /// The next batch in order, nil after the last; rethrows a worker's error for that batch.
    func next() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        guard nextToDeliver < batchCount else { return nil }
        while ready[nextToDeliver] == nil { condition.wait() }
        let result = ready.removeValue(forKey: nextToDeliver)!
        nextToDeliver += 1
        condition.broadcast()
        return try result.get()
    }

    /// Stops the workers after the batches they are building.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while !cancelled && nextToBuild < batchCount && nextToBuild - nextToDeliver >= prefetch { condition.wait() }
            guard !cancelled, nextToBuild < batchCount else {
                condition.unlock()
                return
            }
            let index = nextToBuild
            nextToBuild += 1
            condition.unlock()
            let positions = order[(index * batchSize)..<min(order.count, (index + 1) * batchSize)]
            let result = Result { try build(index, positions) }
            condition.lock()
            ready[index] = result
            condition.broadcast()
            condition.unlock()
        }
    }
}
