import TLConfig

/// `resize`: bilinear resampling to a fixed size, antialiased when shrinking.
public struct ResizeTransform: ImageTransform {
    public static let tag = "resize"
    public static let schema = ObjectSchema("Bilinear resize (antialiased when shrinking).", keys: [TransformKeys.size])

    /// The output height and width.
    let size: SizePair

    public init(_ spec: OpSpec) { size = spec[TransformKeys.size] ?? SizePair(0) }

    public func reshape(_ flow: inout ImageFlow, at spec: OpSpec) { flow.resize(to: size, at: spec) }

    public func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage {
        Resampling.resize(image, height: size.height, width: size.width)
    }
}
