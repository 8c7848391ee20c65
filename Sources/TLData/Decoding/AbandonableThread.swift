#if canImport(Glibc)
    import Glibc
#endif

/// Runs a C-style body on its own thread, so that a library error handler that must not return can end that
/// thread (`pthread_exit`) instead of the process; the caller learns the outcome from memory the body shares.
enum AbandonableThread {
    /// Runs `body(context)` on a new thread and waits for it to finish or to be ended by `pthread_exit`.
    /// Returns false when no thread could be started.
    static func run(
        _ body: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?,
        context: UnsafeMutableRawPointer
    ) -> Bool {
        var thread = pthread_t()
        guard pthread_create(&thread, nil, body, context) == 0 else { return false }
        pthread_join(thread, nil)
        return true
    }
}
