/// Bounds that keep a hostile or broken header from allocating unbounded memory.
enum ImageLimits {
    /// The largest width or height accepted.
    static let maxSide = 1 << 15
    /// The largest number of pixels accepted.
    static let maxPixels = 1 << 28

    /// An error when `width`×`height` is empty or too large, else nil.
    static func problem(width: Int, height: Int) -> String? {
        if width <= 0 || height <= 0 { return "the header declares an empty image (\(width)x\(height))" }
        if width > maxSide || height > maxSide || width * height > maxPixels {
            return "the header declares a \(width)x\(height) image, larger than the \(maxSide)x\(maxSide) this loader accepts"
        }
        return nil
    }
}
