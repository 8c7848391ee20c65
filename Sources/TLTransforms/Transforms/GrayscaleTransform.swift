import TLConfig

/// `grayscale`: luminance, in one channel or repeated in three.
public struct GrayscaleTransform: ImageTransform {
    static let channelsKey = DefaultedKey(
        "channels", .integer(min: 1, max: 3), default: 1, doc: "1, or 3 to repeat the luminance.")
    public static let tag = "grayscale"
    public static let schema = ObjectSchema("Convert to luminance.", keys: [channelsKey])

    /// The output channels.
    let channels: Int

    public init(_ spec: OpSpec) { channels = spec[Self.channelsKey] }

    public func reshape(_ flow: inout ImageFlow, at spec: OpSpec) { flow.channels = channels }

    public func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage {
        image.converted(toChannels: channels)
    }
}
