import TLConfig
import TLTransforms

/// The dataset section's transforms (every split) and augmentation (training only), then channel conversion
/// to what the model wants, then normalisation; produces CHW Float.
public struct Preprocessing: Sendable {
    let transforms: [any ImageTransform]
    let augmentation: [any ImageTransform]
    /// Channels the model's input declares, if known.
    public let outputChannels: Int?
    /// The normalisation applied last, if any (set by `computeNormalization` for `preset: computed`).
    public var normalization: Normalization?
    /// Whether the spec asks for statistics computed from the training split.
    public let wantsComputedNormalization: Bool

    /// Whether training images differ from epoch to epoch (a random transform or augmentation step).
    public var isRandomInTraining: Bool { (transforms + augmentation).contains { $0.isRandom } }

    /// Reads the transforms of `spec`; `outputChannels` is the model input's channel count.
    public init(spec: DatasetSpec, outputChannels: Int? = nil) {
        transforms = spec.transforms.compactMap(TransformRegistry.step)
        augmentation = spec.augment.compactMap(TransformRegistry.step)
        self.outputChannels = outputChannels
        let normalize = transforms.last { $0 is NormalizeTransform } as? NormalizeTransform
        wantsComputedNormalization = normalize?.preset == "computed"
        if normalize?.preset == "imagenet" {
            normalization = .imagenet
        } else if let mean = normalize?.mean, let std = normalize?.std {
            normalization = Normalization(mean: mean.map(Float.init), std: std.map(Float.init))
        }
    }

    /// The image after transforms, augmentation (when `training`) and channel conversion, before normalisation.
    public func unnormalized(_ image: Image, training: Bool, random: inout SeededGenerator) -> FloatImage {
        var out = FloatImage(image)
        for step in transforms { out = step.apply(out, random: &random) }
        if training {
            for step in augmentation { out = step.apply(out, random: &random) }
        }
        if let outputChannels { out = out.converted(toChannels: outputChannels) }
        return out
    }

    /// Writes `image` normalised, channel by channel (CHW), to `target` (`channels * height * width` floats).
    public func write(_ image: FloatImage, to target: UnsafeMutablePointer<Float>) {
        let plane = image.width * image.height
        let (mean, std) =
            normalization?.resolved(channels: image.channels)
            ?? ([Float](repeating: 0, count: image.channels), [Float](repeating: 1, count: image.channels))
        image.values.withUnsafeBufferPointer { values in
            for c in 0..<image.channels {
                let scale = 1 / std[c], shift = mean[c]
                for i in 0..<plane { target[c * plane + i] = (values[i * image.channels + c] - shift) * scale }
            }
        }
    }

    /// The CHW values of `image` after everything (a convenience over `unnormalized` and `write`).
    public func apply(_ image: Image, training: Bool, random: inout SeededGenerator) -> (shape: [Int], values: [Float])
    {
        let prepared = unnormalized(image, training: training, random: &random)
        var values = [Float](repeating: 0, count: prepared.values.count)
        values.withUnsafeMutableBufferPointer { write(prepared, to: $0.baseAddress!) }
        return ([prepared.channels, prepared.height, prepared.width], values)
    }

    /// The preprocessing `spec` asks for, with its normalisation computed from `train` when the spec wants that.
    public static func prepared(spec: DatasetSpec, outputChannels: Int?, train: DatasetSplit, seed: Int) throws
        -> Preprocessing
    {
        var preprocessing = Preprocessing(spec: spec, outputChannels: outputChannels)
        if preprocessing.wantsComputedNormalization { try preprocessing.computeNormalization(from: train, seed: seed) }
        return preprocessing
    }

    /// Sets the normalisation to the per-channel mean and std of up to `limit` training images (seeded sample),
    /// after the deterministic transforms; the result is what `normalization` then records.
    public mutating func computeNormalization(from split: DatasetSplit, seed: Int, limit: Int = 5000) throws {
        var random = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)), RandomStream.statistics.rawValue)
        let positions = random.shuffled(Array(split.samples.indices)).prefix(limit)
        var sums: [Double] = [], squares: [Double] = [], count = 0.0
        for position in positions {
            var unused = random
            let image = unnormalized(try split.image(at: position), training: false, random: &unused)
            if sums.isEmpty { sums = Array(repeating: 0, count: image.channels); squares = sums }
            for (i, value) in image.values.enumerated() {
                sums[i % image.channels] += Double(value)
                squares[i % image.channels] += Double(value) * Double(value)
            }
            count += Double(image.width * image.height)
        }
        guard count > 0 else { return }
        let means = sums.map { $0 / count }
        let stds = zip(squares, means).map { max(1e-6, ($0 / count - $1 * $1).squareRoot()) }
        normalization = Normalization(mean: means.map(Float.init), std: stds.map(Float.init))
    }
}
