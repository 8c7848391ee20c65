import TLConfig

/// `color_jitter`: random brightness and contrast factors (torchvision's ColorJitter, those two).
public struct ColorJitterAugmentation: ImageTransform {
    static let brightnessKey = DefaultedKey(
        "brightness", .number(.unit), default: 0.0, doc: "Largest relative brightness change.")
    static let contrastKey = DefaultedKey(
        "contrast", .number(.unit), default: 0.0, doc: "Largest relative contrast change.")
    public static let tag = "color_jitter"
    public static let schema = ObjectSchema("Random brightness and contrast.", keys: [brightnessKey, contrastKey])

    /// The largest relative brightness change.
    let brightness: Double
    /// The largest relative contrast change.
    let contrast: Double

    public init(_ spec: OpSpec) {
        brightness = spec[Self.brightnessKey]
        contrast = spec[Self.contrastKey]
    }

    public func reshape(_ flow: inout ImageFlow, at spec: OpSpec) {}

    public var isRandom: Bool { true }

    public func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage {
        let brightnessFactor = Float(random.uniform(1 - brightness, 1 + brightness))
        let contrastFactor = Float(random.uniform(1 - contrast, 1 + contrast))
        let gray = image.converted(toChannels: 1).values
        let mean = gray.reduce(0, +) / Float(max(1, gray.count)) * brightnessFactor
        var out = image
        for i in out.values.indices {
            let bright = min(1, max(0, out.values[i] * brightnessFactor))
            out.values[i] = min(1, max(0, (bright - mean) * contrastFactor + mean))
        }
        return out
    }
}
