import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so that readers see either the old or the complete new contents, never a partial one.
public enum AtomicFileWriter {
    /// Writes `data` to a temporary file beside `path`, fsyncs it, and renames it over `path`.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var template = Array((folder + "/." + url.lastPathComponent + ".tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure(path, "cannot create a temporary file in \(folder)") }
        let temporaryPath = String(cString: template)
        var problem: WeightsFileError?
        do {
            try writeAll(data, to: descriptor, path: path)
            guard fchmod(descriptor, 0o644) == 0, fsync(descriptor) == 0 else { throw failure(path, "cannot sync") }
        } catch {
            problem = (error as? WeightsFileError) ?? WeightsFileError.writing(file: path, problem: "\(error)")
        }
        if close(descriptor) != 0, problem == nil { problem = failure(path, "cannot close the temporary file") }
        if problem == nil, rename(temporaryPath, path) != 0 {
            problem = failure(path, "cannot rename the temporary file into place")
        }
        if let problem {
            unlink(temporaryPath)
            throw problem
        }
        syncFolder(folder)
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        try data.withUnsafeBytes { bytes in
            var written = 0
            while written < bytes.count {
                let result = Foundation.write(
                    descriptor, bytes.baseAddress! + written, min(bytes.count - written, 1 << 30))
                if result < 0 {
                    if errno == EINTR { continue }
                    throw failure(path, "cannot write")
                }
                written += result
            }
        }
    }

    /// Makes the rename itself durable; a folder that cannot be opened is left as is.
    private static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private static func failure(_ path: String, _ message: String) -> WeightsFileError {
        WeightsFileError.writing(file: path, problem: message + " (\(String(cString: strerror(errno))))")
    }
}
