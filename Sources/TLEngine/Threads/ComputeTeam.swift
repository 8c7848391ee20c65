import CScheduling
import Foundation
import Synchronization

/// tlrun's own compute threads, which run jobs of work cut into numbered slices: the calling thread and helper threads
/// take the next slice as each becomes free, and the caller waits only for slices already taken, never for a helper
/// that has not woken up yet. On a machine whose cores are shared (a browser, another run, several sweep trials) a
/// helper that the operating system does not run takes no slice, and the work goes on at the rate of the threads
/// that do run; an OpenMP team instead waits at its closing barrier for every thread to arrive.
///
/// Helpers run anywhere but on the core the caller ran on when the latest job started: woken on the caller's core,
/// as Linux tends to place a thread its waker wakes, a helper would take the caller's time instead of adding its
/// own, and on a loaded machine the caller then runs at a fraction of a core while another sits with the competing
/// work. The caller itself is never tied to a core (threads it starts later inherit nothing).
final class ComputeTeam: @unchecked Sendable {
    /// The process's team (helpers are started when a job first asks for them).
    static let shared = ComputeTeam()

    /// Held for a whole job, so that callers on different threads take turns.
    private let jobLock = NSLock()
    private let condition = NSCondition()
    private var generation = 0
    private var work: SharedWork?
    private var slices = 0
    private var next = 0
    private var unfinished = 0
    private var joining = 0
    private var helpers = 0
    /// The CPUs the process may run on (its affinity when the team was made), the core the caller ran on when the
    /// latest job started, and the helpers' thread ids, for keeping the helpers off that core.
    private let allowedCPUs = tl_allowed_cpus()
    private var callerCPU: Int32 = -1
    private var helperIDs: [Int32] = []
    /// `generation`, readable without the lock: helpers watch it for a while before they sleep.
    private let announced = Atomic<Int>(0)
    /// How long a helper watches for the next job, giving its core away between looks, before it sleeps: jobs
    /// follow each other within tens of microseconds, and a helper that is still awake needs no waking.
    private static let watchNanoseconds: UInt64 = 50_000

    /// Runs slices `0..<slices` of `work` as one job, on the calling thread and up to `threads - 1` helpers. A slice
    /// must not share work itself.
    func run(_ work: SharedWork, slices: Int, threads: Int) {
        jobLock.lock()
        defer { jobLock.unlock() }
        condition.lock()
        while helpers < threads - 1 {
            helpers += 1
            let number = helpers
            let thread = Thread { [unowned self] in helperLoop(number: number) }
            thread.name = "tlrun compute \(number)"
            thread.start()
        }
        if threads > 1 { keepHelpersOffCallersCore() }
        self.work = work
        self.slices = slices
        next = 0
        unfinished = slices
        joining = threads - 1
        generation &+= 1
        announced.store(generation, ordering: .releasing)
        if joining > 0 { condition.broadcast() }
        takeSlices(thread: 0)
        while unfinished > 0 { condition.wait() }
        self.work = nil
        condition.unlock()
    }

    /// Moves the helpers off the core the caller runs on now, where it differs from the one at the last job (called with
    /// the lock held; where the process may run on one CPU only, the helpers stay where they are).
    private func keepHelpersOffCallersCore() {
        let cpu = tl_current_cpu()
        guard cpu != callerCPU else { return }
        callerCPU = cpu
        for id in helperIDs { _ = tl_keep_off_cpu(id, allowedCPUs, cpu) }
    }

    /// The core the caller ran on when the latest job started and the helpers' thread ids (for tests).
    var placement: (callerCPU: Int32, helpers: [Int32]) {
        condition.lock()
        defer { condition.unlock() }
        return (callerCPU, helperIDs)
    }

    /// Takes slices until none is left (called and returning with the lock held).
    private func takeSlices(thread: Int) {
        while next < slices, let work {
            let slice = next
            next += 1
            condition.unlock()
            work.run(slice: slice, of: slices, thread: thread)
            condition.lock()
            unfinished -= 1
            if unfinished == 0 && thread != 0 { condition.broadcast() }
        }
    }

    /// Returns when a job after `seen` was announced or `watchNanoseconds` have passed, yielding the core between
    /// looks (so that a thread sharing it, or an OpenMP thread of oneDNN's, runs meanwhile).
    private func watch(for seen: Int) {
        let start = DispatchTime.now().uptimeNanoseconds
        while announced.load(ordering: .acquiring) == seen
            && DispatchTime.now().uptimeNanoseconds - start < Self.watchNanoseconds
        {
            sched_yield()
        }
    }

    /// A helper's life: watches for a job that it may join, sleeps when none comes, takes slices, and again.
    private func helperLoop(number: Int) {
        ComputeThreads.set(1)
        var seen = 0
        condition.lock()
        let id = tl_thread_id()
        helperIDs.append(id)
        _ = tl_keep_off_cpu(id, allowedCPUs, callerCPU)
        while true {
            if seen == generation {
                condition.unlock()
                watch(for: seen)
                condition.lock()
            }
            while seen == generation { condition.wait() }
            seen = generation
            if number <= joining { takeSlices(thread: number) }
        }
    }
}
