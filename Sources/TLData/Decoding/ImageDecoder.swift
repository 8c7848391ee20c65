import Foundation

/// Decodes image files by their content (PNG or JPEG signature), checking that the extension agrees.
public enum ImageDecoder {
    /// The file extensions read as images.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// Whether `path` has an image file extension.
    public static func isImagePath(_ path: String) -> Bool {
        imageExtensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// Reads and decodes the image file at `path`.
    public static func decodeFile(_ path: String) throws -> Image {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw DataError(file: path, problem: exists ? "the file cannot be read" : "the file does not exist",
                            fix: exists ? "check its permissions" : "check the path, or remove the entry that names it")
        }
        return try decode([UInt8](data), file: path)
    }

    /// Decodes `bytes` by signature; a PNG named `.jpg` (or the reverse) is an error.
    public static func decode(_ bytes: [UInt8], file: String) throws -> Image {
        if bytes.isEmpty {
            throw DataError(file: file, problem: "the file is empty (0 bytes)", fix: "re-copy the file or remove it")
        }
        let ext = (file as NSString).pathExtension.lowercased()
        let isPNG = bytes.starts(with: PNGDecoder.signature)
        let isJPEG = bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF
        switch (isPNG, isJPEG, ext) {
        case (true, _, "png"), (true, _, ""): return try PNGDecoder.decode(bytes, file: file)
        case (_, true, "jpg"), (_, true, "jpeg"), (_, true, ""): return try JPEGDecoder.decode(bytes, file: file)
        case (true, _, _), (_, true, _):
            throw DataError(file: file, problem: "the file is a \(isPNG ? "PNG" : "JPEG") but is named .\(ext)",
                            fix: "rename it to .\(isPNG ? "png" : "jpg")")
        default:
            throw DataError(file: file, problem: "the content is neither PNG nor JPEG",
                            fix: "convert it to PNG or JPEG, or remove it")
        }
    }
}
