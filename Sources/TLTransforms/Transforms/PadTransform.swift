import TLConfig

/// `pad`: zeros added on every side.
public struct PadTransform: ImageTransform {
    static let padding = SchemaKey<Int>("padding", .integer(min: 1), required: true, doc: "Pixels added on each side.")
    public static let tag = "pad"
    public static let schema = ObjectSchema("Pad every side with zeros.", keys: [padding])

    /// Pixels added on each side.
    let pixels: Int

    public init(_ spec: OpSpec) { pixels = spec[Self.padding] ?? 0 }

    public func reshape(_ flow: inout ImageFlow, at spec: OpSpec) {
        flow.size = flow.size.map { ($0.0 + 2 * pixels, $0.1 + 2 * pixels) }
    }

    public func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage {
        image.cropped(top: -pixels, left: -pixels, height: image.height + 2 * pixels, width: image.width + 2 * pixels)
    }
}
