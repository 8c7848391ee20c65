/// What `tlrun data` reports about a split: image sizes and per-channel pixel statistics in [0, 1].
public struct SplitStatistics: Sendable {
    /// Distinct `height x width x channels` of the images looked at, with how many had each.
    public var sizes: [String: Int]
    /// Per-channel mean of pixels scaled to [0, 1].
    public var mean: [Double]
    /// Per-channel standard deviation.
    public var std: [Double]
    /// How many images were looked at.
    public var sampled: Int

    /// Statistics over up to `limit` seeded samples of `split` (stored images, before transforms).
    public init(split: DatasetSplit, limit: Int = 1000, seed: Int = 0) throws {
        var random = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)), RandomStream.statistics.rawValue)
        var sizes: [String: Int] = [:], sums: [Double] = [], squares: [Double] = [], pixels = 0.0
        let positions = random.shuffled(Array(split.samples.indices)).prefix(limit)
        for position in positions {
            let image = try split.image(at: position)
            sizes["\(image.height)x\(image.width)x\(image.channels)", default: 0] += 1
            if sums.count != image.channels { sums = Array(repeating: 0, count: image.channels); squares = sums; pixels = 0 }
            for (i, value) in image.pixels.enumerated() {
                let scaled = Double(value) / 255
                sums[i % image.channels] += scaled
                squares[i % image.channels] += scaled * scaled
            }
            pixels += Double(image.width * image.height)
        }
        self.sizes = sizes
        mean = sums.map { $0 / max(1, pixels) }
        std = zip(squares, mean).map { max(0, $0 / max(1, pixels) - $1 * $1).squareRoot() }
        sampled = positions.count
    }
}
