import Foundation

/// Another program's work on a shared machine: one thread that spins until stopped (`tlbench --loaded`).
final class BusyCompetitor: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true

    /// Starts spinning on a thread of its own.
    init() {
        Thread.detachNewThread { [self] in
            var counter: UInt64 = 0
            while isRunning { for _ in 0..<100_000 { counter &+= 1 } }
            blackHole(counter)
        }
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    /// Stops the spinning thread.
    func stop() {
        lock.lock()
        running = false
        lock.unlock()
    }
}

/// Keeps a value alive so that the loop computing it is not optimised away.
@inline(never)
func blackHole(_ value: UInt64) {
    if value == 1 { print("") }
}
