import TLConfig

/// `rotate`: a rotation by a uniform random angle in [-degrees, degrees] (torchvision's RandomRotation).
public struct RotateAugmentation: ImageTransform {
    static let degreesKey = SchemaKey<Double>(
        "degrees", .number(NumberRange(min: 0, max: 180)), required: true, doc: "Largest rotation.")
    public static let tag = "rotate"
    public static let schema = ObjectSchema("Random rotation in [-degrees, degrees].", keys: [degreesKey])

    /// The largest rotation, in degrees.
    let degrees: Double

    public init(_ spec: OpSpec) { degrees = spec[Self.degreesKey] ?? 0 }

    public func reshape(_ flow: inout ImageFlow, at spec: OpSpec) {}

    public var isRandom: Bool { true }

    public func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage {
        Resampling.rotate(image, degrees: random.uniform(-degrees, degrees))
    }
}
