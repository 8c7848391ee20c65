import Dispatch
import Foundation

/// Turns the first Ctrl-C into a request to stop after the current batch (and checkpoint); a second one exits.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private var source: DispatchSourceSignal?

    /// Whether Ctrl-C was pressed.
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return set
    }

    /// Starts listening for SIGINT.
    static func install() -> InterruptFlag {
        let flag = InterruptFlag()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [flag] in
            flag.lock.lock()
            let second = flag.set
            flag.set = true
            flag.lock.unlock()
            if second { exit(130) }
            FileHandle.standardError.write(
                Data("\nstopping after this batch and saving a checkpoint (Ctrl-C again to quit now)\n".utf8))
        }
        source.resume()
        flag.source = source
        return flag
    }
}
