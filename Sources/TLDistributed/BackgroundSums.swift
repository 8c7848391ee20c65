import CMPI
import Foundation

/// The thread that runs `ProcessGroup.startSum`'s sums, one after the other in the order they were started, on a
/// communicator of their own. It runs at the lowest scheduling priority: where every core computes, the sums take
/// time only that the compute threads leave (while they wait, or between steps), instead of slowing the backward pass
/// they overlap; where a core is free or the network is the bottleneck they run alongside it.
final class BackgroundSums: @unchecked Sendable {
    private struct Job {
        let pieces: [UnsafeMutableBufferPointer<Float>]
        let pending: PendingSum
    }

    private let communicator: MPI_Comm
    private let condition = NSCondition()
    private var jobs: [Job] = []

    /// Starts the thread; `communicator` must be used by no other thread.
    init(communicator: MPI_Comm) {
        self.communicator = communicator
        let thread = Thread { [self] in
            // On Linux a thread has its own nice value, and 0 names the calling thread.
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            while true { run(next()) }
        }
        thread.name = "tlrun gradient sums"
        thread.start()
    }

    /// Queues the sums of `pieces`, each in place; `pending` is signalled when they are complete.
    func enqueue(_ pieces: [UnsafeMutableBufferPointer<Float>], pending: PendingSum) {
        condition.lock()
        jobs.append(Job(pieces: pieces, pending: pending))
        condition.signal()
        condition.unlock()
    }

    private func next() -> Job {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty { condition.wait() }
        return jobs.removeFirst()
    }

    private func run(_ job: Job) {
        for piece in job.pieces {
            guard let base = piece.baseAddress else { continue }
            MPI_Allreduce(tl_mpi_in_place(), base, Int32(piece.count), tl_mpi_float(), tl_mpi_sum(), communicator)
        }
        job.pending.done.signal()
    }
}
