import TLConfig

/// Per-channel normalisation applied last: `(x - mean) / std` on pixels already scaled to [0, 1].
public struct Normalization: Sendable, Equatable {
    /// Per-channel means (one value applies to every channel).
    public var mean: [Float]
    /// Per-channel standard deviations.
    public var std: [Float]

    /// ImageNet's statistics (torchvision's pre-trained models).
    public static let imagenet = Normalization(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])

    /// Creates a normalisation.
    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// The statistics for `channels` channels: as given, broadcast from one value, or averaged to one.
    func resolved(channels: Int) -> (mean: [Float], std: [Float]) {
        func fit(_ values: [Float]) -> [Float] {
            if values.count == channels { return values }
            if values.count == 1 { return Array(repeating: values[0], count: channels) }
            return Array(repeating: values.reduce(0, +) / Float(values.count), count: channels)
        }
        return (fit(mean), fit(std))
    }
}
