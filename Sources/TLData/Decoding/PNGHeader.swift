import CPNG

/// The width and height a PNG's IHDR chunk declares, read before libpng sees the file, so that tlrun's pixel budget
/// and libpng's own size limits can each be named when they refuse an image.
struct PNGHeader {
    let width: Int
    let height: Int

    /// libpng's limit on either side (PNG_USER_WIDTH_MAX and PNG_USER_HEIGHT_MAX, 1,000,000 as built): its simplified
    /// API, which tlrun reads PNGs with, has no png_set_user_limits to raise it.
    static let libpngLimit = Int(min(PNG_USER_WIDTH_MAX, PNG_USER_HEIGHT_MAX))

    /// The header of `bytes` when they start with the PNG signature and an IHDR chunk, or nil.
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 24, bytes.starts(with: PNGDecoder.signature), Array(bytes[12..<16]) == Array("IHDR".utf8)
        else { return nil }
        func bigEndian(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        width = bigEndian(16)
        height = bigEndian(20)
    }

    /// Whether libpng refuses the image for its size alone.
    var exceedsLibpngLimit: Bool { width > Self.libpngLimit || height > Self.libpngLimit }
}
