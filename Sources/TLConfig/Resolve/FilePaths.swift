import Foundation

/// Path helpers for files named inside pipelines (relative to the naming file).
public enum FilePaths {
    /// `path` resolved against the folder of `file` unless it is absolute or `file` is an override or default.
    public static func relative(_ path: String, to file: String) -> String {
        if path.hasPrefix("/") || file.hasPrefix("--set ") || file.hasPrefix("(") { return path }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }

    /// A canonical form of a path (absolute, symlinks resolved) for identity comparisons; remembered per process, as
    /// a sweep asks for the same few paths once per trial.
    public static func canonical(_ path: String) -> String {
        canonicalLock.lock()
        defer { canonicalLock.unlock() }
        if let known = canonicalPaths[path] { return known }
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        canonicalPaths[path] = resolved
        return resolved
    }

    private nonisolated(unsafe) static var canonicalPaths: [String: String] = [:]
    private static let canonicalLock = NSLock()

    /// Whether something exists at `path`, and whether it is a folder.
    public static func exists(_ path: String) -> (exists: Bool, isFolder: Bool) {
        var folder: ObjCBool = false
        let found = FileManager.default.fileExists(atPath: path, isDirectory: &folder)
        return (found, folder.boolValue)
    }
}

extension FilePaths {
    /// The sorted names of the visible sub-folders of `path` (ImageFolder's class order), or nil if unreadable.
    public static func subfolders(_ path: String) -> [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        return names.filter { !$0.hasPrefix(".") && exists((path as NSString).appendingPathComponent($0)).isFolder }
            .sorted()
    }
}
