import TLConfig

/// `normalize`: per-channel mean and standard deviation, applied last whatever its place in the list (the loader
/// does it while writing the batch), so as a step it leaves the image as it is.
public struct NormalizeTransform: ImageTransform {
    static let presetKey = SchemaKey<String>(
        "preset", .enumeration(["imagenet", "computed"]),
        doc: "`imagenet` statistics, or `computed` from the training split.")
    static let meanKey = SchemaKey<NumberList>(
        "mean", .array(.number(.any), minItems: 1, maxItems: 3), doc: "Per-channel mean.")
    static let stdKey = SchemaKey<NumberList>(
        "std", .array(.number(.positive), minItems: 1, maxItems: 3),
        doc: "Per-channel standard deviation.")
    public static let tag = "normalize"
    public static let schema = ObjectSchema(
        "Per-channel normalisation after scaling pixels to [0, 1].", keys: [presetKey, meanKey, stdKey])

    /// `imagenet` or `computed`, if given.
    public let preset: String?
    /// The per-channel mean, if given.
    public let mean: [Double]?
    /// The per-channel standard deviation, if given.
    public let std: [Double]?

    public init(_ spec: OpSpec) {
        preset = spec[Self.presetKey]
        mean = spec[Self.meanKey]?.values
        std = spec[Self.stdKey]?.values
    }

    public func reshape(_ flow: inout ImageFlow, at spec: OpSpec) {}

    public func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage { image }
}
