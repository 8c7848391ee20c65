import TLFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a configuration file's bytes, refusing files over the size limit before and while reading them.
enum YAMLFileLoader {
    /// The file's bytes; throws `yaml/io` when it can't be read and `yaml/too-large` when it exceeds `maxBytes`.
    static func contents(of path: String, maxBytes: Int) throws -> [UInt8] {
        if let kind = RegularFile.irregularKind(at: path) { throw notARegularFile(path, kind) }
        // Not blocking: should a FIFO take the file's place after the check, opening it must not wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw ioError(path, "cannot open", errno) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ioError(path, "cannot inspect", errno) }
        if let kind = RegularFile.irregularKind(mode: status.st_mode) { throw notARegularFile(path, kind) }
        try checkSize(Int(status.st_size), of: path, maxBytes: maxBytes)

        let readLimit = min(max(maxBytes, 0), Int.max - 1) + 1
        var bytes = [UInt8](repeating: 0, count: min(Int(status.st_size) + 1, readLimit))
        var filled = 0
        while filled < readLimit {
            if filled == bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, readLimit - bytes.count)))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw ioError(path, "cannot read", errno) }
            if count == 0 { break }
            filled += count
        }
        if filled > maxBytes {
            throw tooLarge(path, size: "more than \(maxBytes) bytes", maxBytes: maxBytes)
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    /// Throws `yaml/too-large` when `size` bytes exceed `maxBytes`.
    static func checkSize(_ size: Int, of path: String, maxBytes: Int) throws {
        if size > maxBytes {
            throw tooLarge(path, size: "\(size) bytes", maxBytes: maxBytes)
        }
    }

    private static func tooLarge(_ path: String, size: String, maxBytes: Int) -> YAMLError {
        YAMLError(
            YAMLErrorCode.tooLarge,
            "the file is \(size), over the limit of \(maxBytes) bytes (is this the right file? configuration files are small)",
            at: .wholeFile(path))
    }

    private static func notARegularFile(_ path: String, _ kind: FileKind) -> YAMLError {
        YAMLError(
            YAMLErrorCode.io,
            "cannot read config file '\(path)': it is \(kind.phrase), not a regular file "
                + "(give the path of a pipeline file)", at: .wholeFile(path))
    }

    private static func ioError(_ path: String, _ action: String, _ code: Int32) -> YAMLError {
        YAMLError(
            YAMLErrorCode.io, "\(action) config file '\(path)': \(String(cString: strerror(code)))",
            at: .wholeFile(path))
    }
}
