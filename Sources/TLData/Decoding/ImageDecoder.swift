import Foundation
import TLFiles

/// Decodes image files by their content (PNG or JPEG signature), checking that the extension agrees.
public enum ImageDecoder {
    /// The file extensions read as images.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// Whether `path` has an image file extension.
    public static func isImagePath(_ path: String) -> Bool {
        imageExtensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// Reads and decodes the image file at `path` when the image fits `budget`.
    public static func decodeFile(_ path: String, budget: PixelBudget = .standard) throws -> Image {
        try checkRegularFile(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.unreadableFile(path: path)
        }
        return try decode([UInt8](data), file: path, budget: budget)
    }

    /// Refuses what is not a regular file, saying what it is (a folder, a FIFO, a broken symbolic link, ...), before
    /// anything opens it (opening a FIFO would wait for a writer); a file whose name is not UTF-8 is named as such.
    static func checkRegularFile(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if let problem = FileNameBytes.problem(listedPath: path) { throw problem }
            var link = stat()
            let dangling = lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK
            throw DataError.missingFile(path: path, danglingLink: dangling)
        }
        if let kind = RegularFile.irregularKind(mode: status.st_mode) {
            throw DataError.notAnImageFile(path: path, kind: kind.phrase)
        }
    }

    /// Decodes `bytes` by signature when the image fits `budget`; a PNG named `.jpg` (or the reverse) is an error.
    public static func decode(_ bytes: [UInt8], file: String, budget: PixelBudget = .standard) throws -> Image {
        if bytes.isEmpty {
            throw DataError.emptyFile(path: file)
        }
        let ext = (file as NSString).pathExtension.lowercased()
        let isPNG = bytes.starts(with: PNGDecoder.signature)
        let isJPEG = bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF
        switch (isPNG, isJPEG, ext) {
        case (true, _, "png"), (true, _, ""): return try PNGDecoder.decode(bytes, file: file, budget: budget)
        case (_, true, "jpg"), (_, true, "jpeg"), (_, true, ""):
            return try JPEGDecoder.decode(bytes, file: file, budget: budget)
        case (true, _, _), (_, true, _):
            throw DataError.misnamedImage(path: file, format: isPNG ? "PNG" : "JPEG", fileExtension: ext)
        default:
            throw DataError.unknownImageFormat(path: file)
        }
    }
}
