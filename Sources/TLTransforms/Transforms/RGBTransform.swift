import TLConfig

/// `rgb`: three colour channels (a gray image repeated).
public struct RGBTransform: ImageTransform {
    public static let tag = "rgb"
    public static let schema = ObjectSchema("Convert to three colour channels.", keys: [])

    public init(_ spec: OpSpec) {}

    public func reshape(_ flow: inout ImageFlow, at spec: OpSpec) { flow.channels = 3 }

    public func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage {
        image.converted(toChannels: 3)
    }
}
