import CMPI
import Foundation

/// The processes of one `mpirun` launch (MPI's world communicator), or this process alone when tlrun was not started
/// by `mpirun`: then MPI is never initialised and every collective is the identity.
public final class ProcessGroup: @unchecked Sendable {
    /// This process's position (0 is the one that writes results) and the number of processes.
    public let rank: Int
    public let size: Int
    /// The name of the machine this process runs on.
    public let host: String
    private let usesMPI: Bool
    /// The thread that runs `startSum`'s sums on a second communicator between the same processes, so that they never
    /// interleave with this thread's collectives (nil when MPI cannot take calls from several threads).
    private let backgroundSums: BackgroundSums?

    /// The launch this process belongs to; MPI is initialised on first use, and only when `mpirun` started the process.
    public static let world = ProcessGroup(launchedByMPI: launchedByMPI(ProcessInfo.processInfo.environment))

    /// This process alone, whatever launched it (a sweep's trial under `mpirun` trains in its own process).
    public static let single = ProcessGroup(launchedByMPI: false)

    /// True when the environment shows a launch by `mpirun` (Open MPI's, or any PMIx/PMI launcher).
    public static func launchedByMPI(_ environment: [String: String]) -> Bool {
        ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"].contains { environment[$0] != nil }
    }

    private init(launchedByMPI: Bool) {
        usesMPI = launchedByMPI
        guard launchedByMPI else {
            rank = 0
            size = 1
            host = ProcessInfo.processInfo.hostName
            backgroundSums = nil
            return
        }
        var provided: Int32 = 0
        MPI_Init_thread(nil, nil, Int32(MPI_THREAD_MULTIPLE), &provided)
        var duplicate: MPI_Comm?
        if provided >= Int32(MPI_THREAD_MULTIPLE) { MPI_Comm_dup(tl_mpi_comm_world(), &duplicate) }
        backgroundSums = duplicate.map(BackgroundSums.init)
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(tl_mpi_comm_world(), &rank)
        MPI_Comm_size(tl_mpi_comm_world(), &size)
        self.rank = Int(rank)
        self.size = Int(size)
        var name = [CChar](repeating: 0, count: Int(tl_mpi_max_processor_name()) + 1)
        var length: Int32 = 0
        MPI_Get_processor_name(&name, &length)
        host = String(cString: name)
        atexit { if ProcessGroup.world.usesMPI { MPI_Finalize() } }
    }

    /// Every process's host name, in rank order.
    public var hosts: [String] { allGather(Data(host.utf8)).map { String(decoding: $0, as: UTF8.self) } }

    /// How many processes of the launch run on this machine (this one included).
    public var processesOnThisHost: Int { hosts.filter { $0 == host }.count }

    /// True for the process that writes results (rank 0).
    public var isLeader: Bool { rank == 0 }

    /// True when more than one process takes part.
    public var isDistributed: Bool { size > 1 }

    /// Waits until every process gets here.
    public func barrier() {
        guard usesMPI else { return }
        MPI_Barrier(tl_mpi_comm_world())
    }

    /// Replaces `values` on every process by their element-wise sum over all processes.
    public func sumInPlace(_ values: UnsafeMutableBufferPointer<Float>) {
        guard usesMPI, size > 1, let base = values.baseAddress else { return }
        MPI_Allreduce(tl_mpi_in_place(), base, Int32(values.count), tl_mpi_float(), tl_mpi_sum(), tl_mpi_comm_world())
    }

    /// Starts replacing each of `pieces` on every process by its element-wise sum over all processes, on a background
    /// thread, while this one computes; the sums are complete after `PendingSum.wait()`. Every process starts its sums
    /// in the same order with the same sizes, and the pieces must stay untouched until then. Where MPI cannot take
    /// calls from two threads, the sums run here, before returning.
    public func startSum(_ pieces: [UnsafeMutableBufferPointer<Float>]) -> PendingSum {
        let pending = PendingSum()
        guard usesMPI, size > 1 else { return pending.finished() }
        guard let backgroundSums else {
            for piece in pieces { sumInPlace(piece) }
            return pending.finished()
        }
        backgroundSums.enqueue(pieces, pending: pending)
        return pending
    }

    /// Replaces `values` on every process by process `root`'s.
    public func broadcastInPlace(_ values: UnsafeMutableBufferPointer<Float>, from root: Int = 0) {
        guard usesMPI, size > 1, let base = values.baseAddress else { return }
        MPI_Bcast(base, Int32(values.count), tl_mpi_float(), Int32(root), tl_mpi_comm_world())
    }

    /// Fills in `values` on every process from the others: process r's copy of `segments[r]` (element ranges) is sent
    /// to all, in pieces small enough for MPI's counts.
    public func shareSegments(_ values: UnsafeMutableBufferPointer<Float>, segments: [Range<Int>]) {
        guard usesMPI, size > 1, let base = values.baseAddress else { return }
        for (root, segment) in segments.enumerated() {
            for start in stride(from: segment.lowerBound, to: segment.upperBound, by: 1 << 28) {
                let count = min(1 << 28, segment.upperBound - start)
                MPI_Bcast(base + start, Int32(count), tl_mpi_float(), Int32(root), tl_mpi_comm_world())
            }
        }
    }

    /// The element-wise sum of `values` over all processes.
    public func sum(_ values: [Double]) -> [Double] { reduce(values, tl_mpi_sum()) }

    /// The element-wise maximum of `values` over all processes.
    public func maximum(_ values: [Double]) -> [Double] { reduce(values, tl_mpi_max()) }

    private func reduce(_ values: [Double], _ operation: MPI_Op) -> [Double] {
        guard usesMPI, size > 1 else { return values }
        var result = values
        result.withUnsafeMutableBufferPointer { buffer in
            _ = MPI_Allreduce(
                tl_mpi_in_place(), buffer.baseAddress, Int32(buffer.count), tl_mpi_double(), operation,
                tl_mpi_comm_world())
        }
        return result
    }

    /// `data` from process `root`, on every process.
    public func broadcast(_ data: Data, from root: Int = 0) -> Data {
        guard usesMPI, size > 1 else { return data }
        var count = [Int64(data.count)]
        count.withUnsafeMutableBufferPointer {
            _ = MPI_Bcast($0.baseAddress, 1, tl_mpi_int64(), Int32(root), tl_mpi_comm_world())
        }
        var bytes = rank == root ? [UInt8](data) : [UInt8](repeating: 0, count: Int(count[0]))
        bytes.withUnsafeMutableBufferPointer {
            _ = MPI_Bcast($0.baseAddress, Int32($0.count), tl_mpi_byte(), Int32(root), tl_mpi_comm_world())
        }
        return Data(bytes)
    }

    /// Every process's `data`, in rank order, on every process.
    public func allGather(_ data: Data) -> [Data] {
        guard usesMPI, size > 1 else { return [data] }
        var counts = [Int32](repeating: 0, count: size)
        var own = Int32(data.count)
        MPI_Allgather(&own, 1, tl_mpi_int(), &counts, 1, tl_mpi_int(), tl_mpi_comm_world())
        var offsets = [Int32](repeating: 0, count: size)
        for index in 1..<size { offsets[index] = offsets[index - 1] + counts[index - 1] }
        var gathered = [UInt8](repeating: 0, count: Int(counts.reduce(0, +)))
        var sent = [UInt8](data)
        MPI_Allgatherv(&sent, own, tl_mpi_byte(), &gathered, &counts, &offsets, tl_mpi_byte(), tl_mpi_comm_world())
        return (0..<size).map { Data(gathered[Int(offsets[$0])..<Int(offsets[$0] + counts[$0])]) }
    }

    /// Ends every process of the launch with `code` (the others are stopped by `mpirun`).
    public func abort(code: Int32) -> Never {
        if usesMPI { MPI_Abort(tl_mpi_comm_world(), code) }
        exit(code)
    }
}

/// A sum across the processes started by `ProcessGroup.startSum`.
public final class PendingSum: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    private var complete = false

    func finished() -> PendingSum {
        complete = true
        return self
    }

    /// Waits until the sum is complete.
    public func wait() {
        guard !complete else { return }
        done.wait()
        complete = true
    }
}
