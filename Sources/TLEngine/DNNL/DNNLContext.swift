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
    private var extraStreams: [dnnl_stream_t] = []

    /// One stream per compute thread (the first is `stream`), for primitives that run on several threads at once:
    /// oneDNN does not promise that one stream serves two threads at a time. Made once and kept.
    func threadStreams(_ count: Int) -> [dnnl_stream_t] {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        while extraStreams.count < count - 1 {
            var made: dnnl_stream_t?
            guard dnnl_stream_create(&made, engine, dnnl_stream_default_flags.rawValue) == dnnl_success, let made else {
                break
            }
            extraStreams.append(made)
        }
        return [stream] + extraStreams.prefix(max(count - 1, 0))
    }

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
