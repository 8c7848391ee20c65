/// A ViT's position embedding for another input size than the checkpoint's, as torchvision's `interpolate_embeddings`
/// makes it: the class token's entry kept, the patch entries (a square grid, 1×T×C) resized to the new grid by bicubic
/// interpolation with aligned corners (PyTorch's `F.interpolate(mode="bicubic", align_corners=True)`, A = −0.75).
enum PositionEmbeddingResize {
    /// `values` (1×`stored`×C, the class token first) resized to 1×`wanted`×C, or nil when either patch count is not a
    /// square number.
    static func resize(_ values: [Float], channels: Int, stored: Int, wanted: Int) -> [Float]? {
        guard let from = squareSide(stored - 1), let to = squareSide(wanted - 1) else { return nil }
        var out = [Float](repeating: 0, count: wanted * channels)
        for c in 0..<channels { out[c] = values[c] }
        let rows = taps(from: from, to: to)
        for y in 0..<to {
            for x in 0..<to {
                for c in 0..<channels {
                    var sum: Double = 0
                    for (sourceY, weightY) in rows[y] {
                        for (sourceX, weightX) in rows[x] {
                            sum += weightY * weightX * Double(values[(1 + sourceY * from + sourceX) * channels + c])
                        }
                    }
                    out[(1 + y * to + x) * channels + c] = Float(sum)
                }
            }
        }
        return out
    }

    /// The side of a square grid of `count` cells (nil when there is none).
    static func squareSide(_ count: Int) -> Int? {
        guard count > 0 else { return nil }
        let side = Int(Double(count).squareRoot().rounded())
        return side * side == count ? side : nil
    }

    /// For each output position along one axis of `to`, the four source positions (clamped) of `from` and their cubic
    /// convolution weights.
    private static func taps(from: Int, to: Int) -> [[(Int, Double)]] {
        (0..<to).map { output in
            let position = to > 1 ? Double(output) * Double(from - 1) / Double(to - 1) : 0
            let base = Int(position.rounded(.down)), t = position - Double(base)
            return (-1...2).map { offset in
                (min(max(base + offset, 0), from - 1), cubic(Double(offset) - t))
            }
        }
    }

    /// The cubic convolution kernel PyTorch interpolates with (A = −0.75) at distance `x`.
    private static func cubic(_ x: Double) -> Double {
        let a = -0.75, d = abs(x)
        if d <= 1 { return ((a + 2) * d - (a + 3)) * d * d + 1 }
        if d < 2 { return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a }
        return 0
    }
}
