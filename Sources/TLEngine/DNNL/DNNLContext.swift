import CDNNL
import Foundation

/// Turns a oneDNN status into an `EngineError` naming the call that failed.
@inline(__always)
func dnnlCheck(_ status: dnnl_status_t, _ call: @autoclosure () -> String) throws {
    guard status == dnnl_success else {
        throw EngineError("oneDNN \(call()) failed (status \(status.rawValue)); this is a bug in tlrun's use of oneDNN")
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

/// The number of compute threads (oneDNN runs on OpenMP here).
public enum ComputeThreads {
    private typealias SetThreads = @convention(c) (Int32) -> Void
    private typealias GetThreads = @convention(c) () -> Int32

    /// Looks up an OpenMP function among the libraries already loaded (oneDNN brings libgomp).
    private static func openMP(_ name: String) -> UnsafeMutableRawPointer? {
        _ = try? DNNLContext.shared()
        return dlsym(dlopen(nil, RTLD_NOW), name)
    }

    /// Sets the thread count; 0 means one per core.
    public static func set(_ count: Int) {
        let wanted = count > 0 ? count : ProcessInfo.processInfo.activeProcessorCount
        guard let symbol = openMP("omp_set_num_threads") else { return }
        unsafeBitCast(symbol, to: SetThreads.self)(Int32(wanted))
    }

    /// The thread count compute kernels use now.
    public static var current: Int {
        guard let symbol = openMP("omp_get_max_threads") else { return 1 }
        return Int(unsafeBitCast(symbol, to: GetThreads.self)())
    }
}
