import Foundation

/// The files this process has parsed, kept with their bytes: a sweep validates its base pipeline and the files it
/// extends once per trial, and a thousand trials should not parse them a thousand times. A file whose bytes changed
/// since is parsed again (size and modification time are not enough: a rewrite within one clock tick keeps both).
enum ParsedFileCache {
    private nonisolated(unsafe) static var entries: [String: (bytes: [UInt8], node: YAMLNode)] = [:]
    private static let lock = NSLock()

    /// The tree of `bytes`, read from `path`, parsed by `parse` unless the same bytes of that path were parsed before.
    static func node(_ path: String, bytes: [UInt8], parse: () throws -> YAMLNode) throws -> YAMLNode {
        lock.lock()
        let kept = entries[path]
        lock.unlock()
        if let kept, kept.bytes == bytes { return kept.node }
        let node = try parse()
        lock.lock()
        entries[path] = (bytes, node)
        lock.unlock()
        return node
    }
}
