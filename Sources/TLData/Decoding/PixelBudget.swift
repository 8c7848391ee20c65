import Foundation
import TLConfig
import TLFiles

/// How many pixels an image may have. Decoders check it against the file's header before they decode a pixel, so a
/// small file that declares a huge image (a decompression bomb) is refused at once and costs no memory.
public struct PixelBudget: Sendable, Equatable {
    /// The largest width × height accepted.
    public var maxPixels: Int

    /// A budget of `maxPixels`.
    public init(maxPixels: Int) {
        self.maxPixels = maxPixels
    }

    /// The budget a data set sets with `max_image_pixels`.
    public init(_ spec: DatasetSpec) {
        self.init(maxPixels: spec.maxImagePixels)
    }

    /// The default (`max_image_pixels`'s default; about 120 MB decoded as RGB).
    public static let standard = PixelBudget(maxPixels: DataKeys.maxImagePixels.defaultValue)

    /// The pipeline key that sets the budget.
    public static let key = "dataset.max_image_pixels"

    /// Bytes one pixel may take once decoded and converted (four channels of Float32).
    static let bytesPerDecodedPixel = 16

    /// Why a `width`×`height` image in `file` is refused (empty, over the budget, or larger decoded than `memory`
    /// allows even when `max_image_pixels` was raised), or nil.
    func problem(width: Int, height: Int, file: String, memory: MemoryBudget = .standard) -> DataError? {
        if width <= 0 || height <= 0 {
            return DataError.emptyImage(path: file, width: width, height: height)
        }
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        let pixels = overflow ? Int.max : product
        if pixels > maxPixels {
            return DataError.imageTooLarge(path: file, width: width, height: height, pixels: pixels, limit: maxPixels)
        }
        let bytes = CheckedSize.saturatingProduct([pixels, Self.bytesPerDecodedPixel])
        guard !memory.allows(bytes) else { return nil }
        return DataError.overMemoryBudget(
            path: file, what: "the \(width)x\(height) image (\(Self.amount(pixels))) decoded", bytes: bytes,
            budget: memory.bytes)
    }

    /// `144.0 megapixels`, or `1600 pixels` below a tenth of a megapixel.
    static func amount(_ pixels: Int) -> String {
        pixels < 100_000 ? "\(pixels) pixels" : String(format: "%.1f megapixels", Double(pixels) / 1e6)
    }
}
