import TLConfig

/// One transform or augmentation of the dataset section (one file per type in `Transforms/` and `Augmentations/`):
/// its entry's keys, its effect on the image's channels and size for `tlrun validate`'s static check, and its step
/// on the pixels. `TransformRegistry` lists every type.
public protocol ImageTransform: Sendable {
    /// The `op:` value.
    static var tag: String { get }
    /// The entry's documentation and keys, checked by the schema checker and documented by `tlrun schema`.
    static var schema: ObjectSchema { get }
    /// The step a checked entry describes.
    init(_ spec: OpSpec)
    /// The channels and size of an image after this step, given them before (the entry is `spec`).
    func reshape(_ flow: inout ImageFlow, at spec: OpSpec)
    /// True when the step draws random numbers (augmentation), so its output differs from epoch to epoch.
    var isRandom: Bool { get }
    /// The image after this step; random steps draw from `random`.
    func apply(_ image: FloatImage, random: inout SeededGenerator) -> FloatImage
}

extension ImageTransform {
    /// Deterministic by default.
    public var isRandom: Bool { false }
}

/// What the static check knows of an image as it goes through the steps: its channels and size when known, and the
/// entry key that last set the size.
public struct ImageFlow: Sendable {
    /// Channels, when known.
    public var channels: Int?
    /// Height and width, when known.
    public var size: (Int, Int)?
    /// The configuration path of the key that last fixed the size.
    public var sizeSetBy: ConfigPath?

    /// A flow starting from what the data set declares.
    public init(channels: Int?, size: (Int, Int)?, sizeSetBy: ConfigPath?) {
        self.channels = channels
        self.size = size
        self.sizeSetBy = sizeSetBy
    }

    /// Sets the size from the `size` key of `spec`.
    mutating func resize(to size: SizePair, at spec: OpSpec, key: String = "size") {
        self.size = size.tuple
        sizeSetBy = spec.path(of: key)
    }
}

/// The keys transforms share.
enum TransformKeys {
    /// The output size of resizing and cropping steps.
    static let size = SchemaKey<SizePair>("size", LayerSchema.pair, required: true, doc: "Output height and width.")
}
