import Foundation

/// `run.lock`: held by the one process that runs or resumes a run folder, so that a second one cannot train into
/// the same files. The file says which process holds it (`pid host`); the hold itself is an advisory `flock`, which
/// the system lets go when the process ends however it ends, so the lock of a killed process is simply taken over.
public final class RunLock {
    private let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock of `folder`; throws `RunError.runLocked` naming the holder when another process has it.
    public static func acquire(folder: String) throws -> RunLock {
        let path = RunFileName.lock.path(in: folder)
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard descriptor >= 0 else {
                throw RunError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let holder = RunLock.holder(descriptor)
                close(descriptor)
                throw RunError.runLocked(folder: folder, pid: holder.pid, host: holder.host)
            }
            // A holder that finished between our open and our flock removed the file we opened: lock the new one.
            guard isStillTheFile(descriptor, at: path) else {
                close(descriptor)
                continue
            }
            let lock = RunLock(path: path, descriptor: descriptor)
            lock.record(RunProcess.current)
            return lock
        }
    }

    /// Lets the lock go and removes the file (removed first, so no process locks a file that is about to vanish).
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// Writes `process` as the holder.
    private func record(_ process: RunProcess) {
        let text = Array("\(process.pid) \(process.host)\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// The holder the lock file names (pid 0 and an unknown host when it names none).
    private static func holder(_ descriptor: Int32) -> (pid: Int32, host: String) {
        var bytes = [UInt8](repeating: 0, count: 512)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        let words = String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, let pid = Int32(words[0]) else { return (0, "an unknown host") }
        return (pid, String(words[1]))
    }

    /// Whether `descriptor` is still the file at `path` (not one removed and made anew since it was opened).
    private static func isStillTheFile(_ descriptor: Int32, at path: String) -> Bool {
        var opened = stat(), named = stat()
        guard fstat(descriptor, &opened) == 0, lstat(path, &named) == 0 else { return false }
        return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino
    }
}
