#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a path names when it is not a regular file: opening a FIFO waits for a writer, reading a device may never end,
/// and a folder has no bytes, so every reader of tlrun asks `RegularFile.irregularKind` before it opens anything.
public enum FileKind: Sendable, Equatable {
    case folder, fifo, socket, device, other

    /// The kind in words, e.g. "a FIFO (named pipe)".
    public var phrase: String {
        switch self {
        case .folder: return "a folder (directory)"
        case .fifo: return "a FIFO (named pipe)"
        case .socket: return "a socket"
        case .device: return "a device"
        case .other: return "a special file"
        }
    }
}

/// The check every reader makes before opening a file: a stat (following symbolic links), never an open.
public enum RegularFile {
    /// What is at `path` when it exists and is not a regular file; nil for a regular file or nothing at all (the reader
    /// reports a missing file its own way).
    public static func irregularKind(at path: String) -> FileKind? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return irregularKind(mode: status.st_mode)
    }

    /// What a `stat` or `fstat` mode names when it is not a regular file; nil for a regular file.
    public static func irregularKind(mode: mode_t) -> FileKind? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return .folder
        case S_IFIFO: return .fifo
        case S_IFSOCK: return .socket
        case S_IFCHR, S_IFBLK: return .device
        default: return .other
        }
    }
}
