/// An image of Float samples in [0, 1] (HWC) that transforms work on.
public struct FloatImage: Sendable, Equatable {
    /// Pixels per row.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Samples per pixel.
    public var channels: Int
    /// `height * width * channels` samples, row by row.
    public var values: [Float]

    /// Creates an image from samples.
    public init(width: Int, height: Int, channels: Int, values: [Float]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.values = values
    }

    /// A black image.
    public init(width: Int, height: Int, channels: Int) {
        self.init(
            width: width, height: height, channels: channels,
            values: [Float](repeating: 0, count: width * height * channels))
    }

    /// The sample at (y, x, c), or 0 outside the image.
    @inline(__always) public func at(_ y: Int, _ x: Int, _ c: Int) -> Float {
        guard y >= 0, y < height, x >= 0, x < width else { return 0 }
        return values[(y * width + x) * channels + c]
    }

    /// The region starting at (top, left) of the given size; parts outside the image are zeros.
    public func cropped(top: Int, left: Int, height h: Int, width w: Int) -> FloatImage {
        var out = FloatImage(width: w, height: h, channels: channels)
        for y in 0..<h {
            for x in 0..<w {
                for c in 0..<channels { out.values[(y * w + x) * channels + c] = at(top + y, left + x, c) }
            }
        }
        return out
    }

    /// The image with `count` channels (luminance, or gray repeated).
    public func converted(toChannels count: Int) -> FloatImage {
        if count == channels { return self }
        var out = FloatImage(width: width, height: height, channels: count)
        for i in 0..<(width * height) {
            let value =
                channels == 1
                ? values[i]
                : Luminance.red * values[i * channels] + Luminance.green * values[i * channels + 1] + Luminance.blue
                    * values[i * channels + 2]
            for c in 0..<count { out.values[i * count + c] = value }
        }
        return out
    }

    /// The image mirrored left to right.
    public func flippedHorizontally() -> FloatImage {
        var out = self
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    out.values[(y * width + x) * channels + c] = values[(y * width + width - 1 - x) * channels + c]
                }
            }
        }
        return out
    }
}
