import Foundation

/// The files this process has parsed, kept while their size and modification time stay the same: a sweep validates
/// its base pipeline and the files it extends once per trial, and a thousand trials should not parse them a thousand
/// times. A changed file is parsed again.
enum ParsedFileCache {
    private struct Entry {
        let size: Int
        let modified: Date
        let node: YAMLNode
    }

    private nonisolated(unsafe) static var entries: [String: Entry] = [:]
    private static let lock = NSLock()

    /// The tree of `path` for `limits`, parsed by `parse` unless the same file (size and modification time) was parsed before.
    static func node(_ path: String, limits: YAMLLimits, parse: () throws -> YAMLNode) throws -> YAMLNode {
        guard limits == .default, let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.intValue, let modified = attributes[.modificationDate] as? Date else {
            return try parse()
        }
        lock.lock()
        let kept = entries[path]
        lock.unlock()
        if let kept, kept.size == size, kept.modified == modified { return kept.node }
        let node = try parse()
        lock.lock()
        entries[path] = Entry(size: size, modified: modified, node: node)
        lock.unlock()
        return node
    }
}
