import TLConfig

/// `center_crop`: the centre of the image at a fixed size (zero-padded where the image is smaller).
public struct CenterCropTransform: ImageTransform {
    public static let tag = "center_crop"
    public static let schema = ObjectSchema("Crop the centre.", keys: [TransformKeys.size])

    /// The output height and width.
    let size: SizePair

    public init(_ spec: OpSpec) { size = spec[TransformKeys.size] ?? SizePair(0) }

    public func reshape(_ flow: inout ImageFlow, at spec: OpSpec) { flow.resize(to: size, at: spec) }

    public func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage {
        image.cropped(
            top: Int((Double(image.height - size.height) / 2).rounded()),
            left: Int((Double(image.width - size.width) / 2).rounded()),
            height: size.height, width: size.width)
    }
}
