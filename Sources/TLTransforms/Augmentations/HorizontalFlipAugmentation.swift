import TLConfig

/// `hflip`: a mirror image with probability `p` (torchvision's RandomHorizontalFlip).
public struct HorizontalFlipAugmentation: ImageTransform {
    static let probability = DefaultedKey("p", .number(.unit), default: 0.5, doc: "Flip probability.")
    public static let tag = "hflip"
    public static let schema = ObjectSchema("Random horizontal flip.", keys: [probability])

    /// The flip probability.
    let p: Double

    public init(_ spec: OpSpec) { p = spec[Self.probability] }

    public func reshape(_ flow: inout ImageFlow, at spec: OpSpec) {}

    public var isRandom: Bool { true }

    public func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage {
        random.uniform(0, 1) < p ? image.flippedHorizontally() : image
    }
}
