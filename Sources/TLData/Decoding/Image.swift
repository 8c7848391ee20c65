import TLTransforms

/// A decoded 8-bit image: `height` rows of `width` pixels of `channels` interleaved samples (HWC).
public struct Image: Sendable, Equatable {
    /// Pixels per row.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Samples per pixel: 1 (gray) or 3 (RGB).
    public var channels: Int
    /// `height * width * channels` samples, row by row.
    public var pixels: [UInt8]

    /// Creates an image; `pixels` must hold `height * width * channels` samples.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * channels, "pixel count does not match the image size")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// A black image of the given size.
    public init(width: Int, height: Int, channels: Int) {
        self.init(
            width: width, height: height, channels: channels,
            pixels: [UInt8](repeating: 0, count: width * height * channels))
    }

    /// The sample at row `y`, column `x`, channel `c`.
    public subscript(y: Int, x: Int, c: Int) -> UInt8 {
        get { pixels[(y * width + x) * channels + c] }
        set { pixels[(y * width + x) * channels + c] = newValue }
    }

    /// The image with `count` channels: gray repeated into RGB, or RGB reduced to luminance (0.299 R + 0.587 G + 0.114 B).
    public func converted(toChannels count: Int) -> Image {
        if count == channels { return self }
        let pixelCount = width * height
        var out = [UInt8](repeating: 0, count: pixelCount * count)
        if channels == 1 {
            for i in 0..<pixelCount {
                for c in 0..<count { out[i * count + c] = pixels[i] }
            }
        } else {
            for i in 0..<pixelCount {
                let luminance = Luminance.of(pixels[i * 3], pixels[i * 3 + 1], pixels[i * 3 + 2])
                for c in 0..<count { out[i * count + c] = luminance }
            }
        }
        return Image(width: width, height: height, channels: count, pixels: out)
    }
}
