import CPNG

/// Decodes PNG files through libpng's simplified API, which reports errors instead of jumping out of the caller.
///
/// Every colour type and bit depth is read: palettes are expanded, 16-bit samples are scaled to 8 bits
/// (treated as sRGB, like 8-bit files), alpha is dropped; the result has 1 (gray) or 3 (RGB) channels.
public enum PNGDecoder {
    /// The PNG file signature.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Decodes `bytes` when the image fits `budget` and libpng's size limit; `file` names the source in errors.
    public static func decode(_ bytes: [UInt8], file: String, budget: PixelBudget = .standard) throws -> Image {
        if let header = PNGHeader(bytes) {
            if let problem = budget.problem(width: header.width, height: header.height, file: file) { throw problem }
            if header.exceedsLibpngLimit {
                throw DataError.beyondLibpngLimit(
                    path: file, width: header.width, height: header.height, limit: PNGHeader.libpngLimit)
            }
        }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let begun = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw failure(&image, file: file) }
        if let problem = budget.problem(width: Int(image.width), height: Int(image.height), file: file) {
            throw problem
        }
        let isColor = image.format & UInt32(PNG_FORMAT_FLAG_COLOR) != 0
        let hasAlpha = image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
        image.format = (isColor ? UInt32(PNG_FORMAT_FLAG_COLOR) : 0) | (hasAlpha ? UInt32(PNG_FORMAT_FLAG_ALPHA) : 0)
        image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
        let stored = (isColor ? 3 : 1) + (hasAlpha ? 1 : 0)
        let width = Int(image.width), height = Int(image.height)
        var raw = [UInt8](repeating: 0, count: width * height * stored)
        let finished = raw.withUnsafeMutableBytes {
            png_image_finish_read(&image, nil, $0.baseAddress, Int32(width * stored), nil)
        }
        guard finished != 0 else { throw failure(&image, file: file) }
        let channels = isColor ? 3 : 1
        guard hasAlpha else { return Image(width: width, height: height, channels: channels, pixels: raw) }
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        for i in 0..<(width * height) {
            for c in 0..<channels { pixels[i * channels + c] = raw[i * stored + c] }
        }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// The error libpng recorded in `image`, as a `DataError`.
    private static func failure(_ image: inout png_image, file: String) -> DataError {
        let message = withUnsafeBytes(of: &image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return DataError.undecodableImage(
            path: file, format: "PNG", detail: message.isEmpty ? "libpng failed" : message)
    }
}
