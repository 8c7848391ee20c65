/// Average pooling of NCHW-ordered feature rows, so that wide convolutional maps can be measured at a bounded width.
public enum SpatialPooling {
    /// The largest grid (height × width, shrunk in proportion) whose `channels` × grid stays at most `maxWidth` values;
    /// the full grid when it already fits, 1 × 1 when even that does not.
    public static func grid(channels: Int, height: Int, width: Int, maxWidth: Int) -> (height: Int, width: Int) {
        if channels * height * width <= maxWidth { return (height, width) }
        var side = (height, width)
        while channels * side.0 * side.1 > maxWidth && (side.0 > 1 || side.1 > 1) {
            side = (max(1, side.0 - (side.0 >= side.1 ? 1 : 0)), max(1, side.1 - (side.1 >= side.0 ? 1 : 0)))
        }
        return side
    }

    /// Each row (channels × height × width) averaged over PyTorch's adaptive pooling windows into channels × grid.
    public static func pool(
        _ features: FeatureMatrix, channels: Int, height: Int, width: Int,
        to grid: (height: Int, width: Int)
    ) -> FeatureMatrix {
        if grid == (height, width) { return features }
        let rows = (0..<grid.height).map {
            ($0 * height / grid.height, (($0 + 1) * height + grid.height - 1) / grid.height)
        }
        let cols = (0..<grid.width).map { ($0 * width / grid.width, (($0 + 1) * width + grid.width - 1) / grid.width) }
        let outWidth = channels * grid.height * grid.width
        var out = [Float](repeating: 0, count: features.rows * outWidth)
        for sample in 0..<features.rows {
            for channel in 0..<channels {
                let plane = sample * features.columns + channel * height * width
                for (gy, (y0, y1)) in rows.enumerated() {
                    for (gx, (x0, x1)) in cols.enumerated() {
                        var sum: Float = 0
                        for y in y0..<y1 { for x in x0..<x1 { sum += features.values[plane + y * width + x] } }
                        out[sample * outWidth + (channel * grid.height + gy) * grid.width + gx] =
                            sum / Float((y1 - y0) * (x1 - x0))
                    }
                }
            }
        }
        return FeatureMatrix(rows: features.rows, columns: outWidth, values: out)
    }
}
