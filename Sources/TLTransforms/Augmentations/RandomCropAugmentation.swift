import TLConfig

/// `random_crop`: a crop at a random place after zero padding (torchvision's RandomCrop).
public struct RandomCropAugmentation: ImageTransform {
    static let padding = DefaultedKey("padding", .integer(min: 0), default: 0, doc: "Padding added before cropping.")
    public static let tag = "random_crop"
    public static let schema = ObjectSchema("Random crop after zero padding.", keys: [TransformKeys.size, padding])

    /// The output height and width.
    let size: SizePair
    /// Zeros added on every side before cropping.
    let pixels: Int

    public init(_ spec: OpSpec) {
        size = spec[TransformKeys.size] ?? SizePair(0)
        pixels = spec[Self.padding]
    }

    public func reshape(_ flow: inout ImageFlow, at spec: OpSpec) { flow.resize(to: size, at: spec) }

    public var isRandom: Bool { true }

    public func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage {
        let top = random.below(max(1, image.height + 2 * pixels - size.height + 1)) - pixels
        let left = random.below(max(1, image.width + 2 * pixels - size.width + 1)) - pixels
        return image.cropped(top: top, left: left, height: size.height, width: size.width)
    }
}
