import Foundation

/// The number of compute threads: tlrun's own team (see `ComputeTeam`) and the OpenMP team that oneDNN's kernels
/// left whole run on.
public enum ComputeThreads {
    private typealias SetThreads = @convention(c) (Int32) -> Void
    private typealias GetThreads = @convention(c) () -> Int32

    /// Looks up an OpenMP function among the libraries already loaded (oneDNN brings libgomp).
    private static func openMP(_ name: String) -> UnsafeMutableRawPointer? {
        _ = try? DNNLContext.shared()
        return dlsym(dlopen(nil, RTLD_NOW), name)
    }

    private static let setThreads = openMP("omp_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) }
    private static let getThreads = openMP("omp_get_max_threads").map { unsafeBitCast($0, to: GetThreads.self) }

    /// Runs `work` as one job of tlrun's own team (see `ComputeTeam`), cut into `slices` slices (by default four per
    /// thread, so that a thread whose core is shared with other work takes fewer), each slice on whichever thread is
    /// free first, on at most `threads` threads. oneDNN kernels that a slice calls run on that one thread.
    static func share(_ work: SharedWork, slices: Int? = nil, threads: Int = .max) {
        let threads = min(current, threads)
        let slices = slices ?? (threads > 1 ? 4 * threads : 1)
        serially(if: true) { ComputeTeam.shared.run(work, slices: slices, threads: threads) }
    }

    /// Sets the thread count; 0 means one per core.
    public static func set(_ count: Int) {
        setThreads?(Int32(count > 0 ? count : ProcessInfo.processInfo.activeProcessorCount))
    }

    /// The thread count compute kernels use now.
    public static var current: Int { Int(getThreads?() ?? 1) }

    /// Runs `body` with one compute thread when `serial` (the count is restored after). Kernels whose threads wait for
    /// each other at spinning barriers inside oneDNN (batch normalisation's statistics) run this way: on a machine
    /// whose cores are shared, a thread spinning for one that is not running wastes its whole time slice, many times
    /// per step.
    /// The count is the same on every run, so results stay reproducible.
    static func serially<Result>(if serial: Bool, _ body: () throws -> Result) rethrows -> Result {
        guard serial, let setThreads, let getThreads else { return try body() }
        let previous = getThreads()
        setThreads(1)
        defer { setThreads(previous) }
        return try body()
    }
}
