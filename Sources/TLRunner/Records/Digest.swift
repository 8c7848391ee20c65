import Crypto
import Foundation
import TLFiles

/// SHA-256 digests (lower-case hex) of bytes, text and files, for run records and the pipeline output cache.
public enum Digest {
    /// The digest of `data`.
    public static func hex(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    /// The digest of `text`'s UTF-8 bytes.
    public static func hex(_ text: String) -> String { hex(Data(text.utf8)) }

    /// The digest of a file's contents, read in 4 MiB pieces; nil when it cannot be read or is not a regular file.
    public static func file(_ path: String) -> String? {
        guard RegularFile.irregularKind(at: path) == nil else { return nil }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let piece = try? handle.read(upToCount: 4 << 20), !piece.isEmpty { hasher.update(data: piece) }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }
}
