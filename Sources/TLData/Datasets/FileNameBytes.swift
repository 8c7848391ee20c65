import Foundation

/// File names that are not valid UTF-8. Foundation lists them with U+FFFD in place of the bad bytes, under which
/// name no file exists; these helpers find the real name's bytes and show them with escapes.
enum FileNameBytes {
    /// The bytes of the entry of `folder` that Foundation lists as `listedName`, when that entry's name is not valid
    /// UTF-8 (nil when `listedName` names a file, or no such entry is found).
    static func undecodable(listedName: String, in folder: String) -> [UInt8]? {
        guard listedName.unicodeScalars.contains("\u{FFFD}"), let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: &entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if String(validating: bytes, as: UTF8.self) == nil, String(decoding: bytes, as: UTF8.self) == listedName {
                return bytes
            }
        }
        return nil
    }

    /// `bad\xff.png`: printable ASCII as it is, every other byte (and the backslash) as `\xNN`; valid UTF-8 beyond
    /// ASCII is kept only when the whole name is valid, so the bad bytes show.
    static func escaped(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            (0x20..<0x7F).contains(byte) && byte != UInt8(ascii: "\\")
                ? String(UnicodeScalar(byte)) : String(format: "\\x%02x", byte)
        }.joined()
    }

    /// `DataError.fileNameNotUTF8` for the entry listed as `listedPath`, when its name is the one not valid UTF-8 (and,
    /// with `foldersOnly`, the entry is a folder).
    static func problem(listedPath: String, foldersOnly: Bool = false) -> DataError? {
        let folder = (listedPath as NSString).deletingLastPathComponent
        guard
            let bytes = undecodable(
                listedName: (listedPath as NSString).lastPathComponent, in: folder.isEmpty ? "." : folder),
            !foldersOnly || isFolder(bytes, in: folder.isEmpty ? "." : folder)
        else {
            return nil
        }
        return DataError.fileNameNotUTF8(folder: folder, escapedName: escaped(bytes))
    }

    /// Whether the entry named by `bytes` in `folder` is a folder (following links).
    private static func isFolder(_ bytes: [UInt8], in folder: String) -> Bool {
        let path = Array(folder.utf8) + [UInt8(ascii: "/")] + bytes + [0]
        var status = stat()
        let found = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { stat($0.baseAddress!, &status) == 0 }
        }
        return found && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
