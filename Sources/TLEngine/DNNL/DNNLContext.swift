import CDNNL
import Foundation

/// Turns a oneDNN status into an `EngineError` naming the call that failed.
@inline(__always)
func dnnlCheck(_ status: dnnl_status_t, _ call: @autoclosure () -> String) throws {
    guard status == dnnl_success else {
        throw EngineError.oneDNN(call: call(), status: Int32(status.rawValue))
    }
}

/// The oneDNN CPU engine and stream every CPU kernel runs on.
final class DNNLContext: @unchecked Sendable {
    let engine: dnnl_engine_t
    let stream: dnnl_stream_t

    private init() throws {
        var engine: dnnl_engine_t?
        try dnnlCheck(dnnl_engine_create(&engine, dnnl_cpu, 0), "engine_create")
        var stream: dnnl_stream_t?
        try dnnlCheck(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue), "stream_create")
        self.engine = engine!
        self.stream = stream!
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var instance: DNNLContext?

    /// The process-wide CPU context, created on first use.
    static func shared() throws -> DNNLContext {
        lock.lock()
        defer { lock.unlock() }
        if let instance { return instance }
        let created = try DNNLContext()
        instance = created
        return created
    }
}

/// Work that the compute threads split between them: each runs `run(part:of:)` for its own part. Parts must not
/// depend on each other, and the result must not depend on how many there are (so runs stay reproducible).
class SharedWork {
    /// Does part `part` of `parts` (numbered from 0).
    func run(part: Int, of parts: Int) { preconditionFailure("\(Self.self) does not say how to split its work") }

    /// The part of `0..<count` that part `part` of `parts` takes (near-equal, in order).
    static func range(of count: Int, part: Int, parts: Int) -> Range<Int> {
        count * part / parts..<count * (part + 1) / parts
    }
}

/// The number of compute threads (oneDNN runs on OpenMP here).
public enum ComputeThreads {
    private typealias SetThreads = @convention(c) (Int32) -> Void
    private typealias GetThreads = @convention(c) () -> Int32

    /// Looks up an OpenMP function among the libraries already loaded (oneDNN brings libgomp).
    private static func openMP(_ name: String) -> UnsafeMutableRawPointer? {
        _ = try? DNNLContext.shared()
        return dlsym(dlopen(nil, RTLD_NOW), name)
    }

    private typealias Parallel = @convention(c) (@convention(c) (UnsafeMutableRawPointer?) -> Void, UnsafeMutableRawPointer?,
                                                 UInt32, UInt32) -> Void

    private static let setThreads = openMP("omp_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) }
    private static let getThreads = openMP("omp_get_max_threads").map { unsafeBitCast($0, to: GetThreads.self) }
    private static let threadNumber = openMP("omp_get_thread_num").map { unsafeBitCast($0, to: GetThreads.self) }
    private static let teamSize = openMP("omp_get_num_threads").map { unsafeBitCast($0, to: GetThreads.self) }
    /// libgomp's entry point for a parallel region (what `#pragma omp parallel` compiles to).
    private static let parallel = openMP("GOMP_parallel").map { unsafeBitCast($0, to: Parallel.self) }

    /// Runs `work` on the compute threads, the same OpenMP team oneDNN's kernels run on (so they wait the same way
    /// and nothing competes with them), each thread taking one part; on one thread where OpenMP is missing.
    static func share(_ work: SharedWork) {
        guard let parallel, threadNumber != nil, teamSize != nil else { return work.run(part: 0, of: 1) }
        parallel({ context in
            let work = Unmanaged<SharedWork>.fromOpaque(context!).takeUnretainedValue()
            work.run(part: Int(ComputeThreads.threadNumber!()), of: Int(ComputeThreads.teamSize!()))
        }, Unmanaged.passUnretained(work).toOpaque(), 0, 0)
    }

    /// Sets the thread count; 0 means one per core.
    public static func set(_ count: Int) {
        setThreads?(Int32(count > 0 ? count : ProcessInfo.processInfo.activeProcessorCount))
    }

    /// The thread count compute kernels use now.
    public static var current: Int { Int(getThreads?() ?? 1) }

    /// Runs `body` with one compute thread when `serial` (the count is restored after). Kernels whose threads meet at
    /// spinning barriers inside oneDNN (batch normalisation's statistics) run this way: on a machine whose cores are
    /// shared, a thread spinning for one that is not running wastes its whole time slice, many times per step.
    /// The count is the same on every run, so results stay reproducible.
    static func serially<Result>(if serial: Bool, _ body: () throws -> Result) rethrows -> Result {
        guard serial, let setThreads, let getThreads else { return try body() }
        let previous = getThreads()
        setThreads(1)
        defer { setThreads(previous) }
        return try body()
    }
}
