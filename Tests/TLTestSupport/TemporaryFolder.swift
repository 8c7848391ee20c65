import Foundation

/// A fresh, empty folder under the system's temporary folder, named `tlrun-<label>-<unique id>`; a test that cannot
/// have one stops with the reason. Every such folder is removed when the test process exits.
public func temporaryFolder(_ label: String = "test") -> String {
    let path =
        NSTemporaryDirectory() + "tlrun-\(label.filter { $0.isLetter || $0.isNumber || $0 == "-" })-"
        + UUID().uuidString
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        preconditionFailure("cannot create the temporary folder \(path): \(error)")
    }
    TemporaryFolders.shared.remember(path)
    return path
}

/// The temporary folders this process made, removed when it exits.
final class TemporaryFolders: @unchecked Sendable {
    /// The one list (its first use registers the removal at exit).
    static let shared: TemporaryFolders = {
        let folders = TemporaryFolders()
        atexit { TemporaryFolders.shared.removeAll() }
        return folders
    }()

    private let lock = NSLock()
    private var paths: [String] = []

    /// Adds `path` to the folders removed at exit.
    func remember(_ path: String) {
        lock.withLock { paths.append(path) }
    }

    /// Removes every remembered folder that still exists.
    func removeAll() {
        let all = lock.withLock { paths }
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}
