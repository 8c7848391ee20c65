import TLTransforms

/// What `tlrun data` reports about a split: image sizes and per-channel pixel statistics in [0, 1], over the
/// images as the network gets them (converted to the pipeline's channel count).
public struct SplitStatistics: Sendable {
    /// Distinct `height x width x channels` of the images looked at (as stored), with how many had each.
    public var sizes: [String: Int]
    /// Per-channel mean of pixels scaled to [0, 1].
    public var mean: [Double]
    /// Per-channel standard deviation.
    public var std: [Double]
    /// How many images were looked at.
    public var sampled: Int

    /// Statistics over up to `limit` seeded samples of `split`, each image converted to `channels` (gray repeated,
    /// or colour reduced to luminance, as the loader does) before it is counted; without `channels`, to 3 when
    /// any sampled image has colour, else 1.
    public init(split: DatasetSplit, channels: Int? = nil, limit: Int = 1000, seed: Int = 0) throws {
        var random = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)), RandomStream.statistics.rawValue)
        var sizes: [String: Int] = [:]
        // With no channel count given, the images are counted both ways and the choice made at the end.
        var targets = (channels.map { [$0] } ?? [1, 3]).map(ChannelSums.init(channels:))
        let positions = random.shuffled(Array(split.samples.indices)).prefix(limit)
        var sawColor = false
        for position in positions {
            let image = try split.image(at: position)
            sizes["\(image.height)x\(image.width)x\(image.channels)", default: 0] += 1
            sawColor = sawColor || image.channels >= 3
            for index in targets.indices { targets[index].add(image.converted(toChannels: targets[index].channels)) }
        }
        let chosen = channels == nil && sawColor ? targets[1] : targets[0]
        self.sizes = sizes
        mean = chosen.mean
        std = chosen.std
        sampled = positions.count
    }
}

/// Running per-channel sums of pixels scaled to [0, 1] over images of one channel count.
struct ChannelSums {
    private var sums: [Double], squares: [Double], pixels = 0.0

    /// Empty sums for images of `channels` channels.
    init(channels: Int) {
        sums = Array(repeating: 0, count: channels)
        squares = sums
    }

    /// The channel count of the images counted.
    var channels: Int { sums.count }

    /// Counts every pixel of `image` (which has the sums' channel count).
    mutating func add(_ image: Image) {
        for (i, value) in image.pixels.enumerated() {
            let scaled = Double(value) / 255
            sums[i % channels] += scaled
            squares[i % channels] += scaled * scaled
        }
        pixels += Double(image.width * image.height)
    }

    /// The per-channel mean.
    var mean: [Double] { sums.map { $0 / max(1, pixels) } }

    /// The per-channel (population) standard deviation.
    var std: [Double] { zip(squares, mean).map { max(0, $0 / max(1, pixels) - $1 * $1).squareRoot() } }
}
