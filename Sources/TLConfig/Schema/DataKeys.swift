/// The dataset section's keys with a typed reader (the splits, transforms and class selection are read by
/// `DatasetSpec` itself).
public enum DataKeys {
    static let path = SchemaKey<String>(
        "path", .string(), required: true, doc: "Where the data is (relative to the pipeline file).")
    static let channels = SchemaKey<Int>(
        "channels", .integer(min: 1, max: 4),
        doc: "Channels of the stored images (checked against the model input after transforms).")
    static let size = SchemaKey<SizePair>(
        "size", LayerSchema.pair, doc: "Height and width of the stored images, when all have one size.")
    static let onError = DefaultedKey(
        "on_error", .enumeration(["fail", "skip"]), default: "fail",
        doc: "What a bad image does: stop the run, or be left out and listed in the run record.")
    static let maxBadFraction = DefaultedKey(
        "max_bad_fraction", .number(.unit), default: 0.01,
        doc: "With `on_error: skip`, the largest fraction of bad files before the run fails.")
    static let seed = SchemaKey<Int>(
        "seed", .integer(min: 0),
        doc:
            "Seed of the data draws (`per_class`, `limit`, `fraction`), generated images and normalisation statistics (default: the pipeline's `seed`); set it to keep the data fixed while `seed` varies the training, as a sweep's replicates do."
    )
    /// 40 megapixels (an 8K frame, a 40 MP photo).
    public static let maxImagePixels = DefaultedKey(
        "max_image_pixels", .integer(min: 1), default: 40_000_000,
        doc:
            "The most pixels (width × height) a stored image may have; larger files are refused from their header, before decoding."
    )
    static let tile = SchemaKey<SizePair>("tile", LayerSchema.pair, required: true, doc: "Tile height and width.")
    static let tilePad = DefaultedKey("pad", .integer(min: 0), default: 0, doc: "Zero padding added around each tile.")
    static let family = DefaultedKey(
        "family", .enumeration(["shapes", "stripes", "blobs"]), default: "shapes",
        doc: "Which generated images: outlined shapes, oriented stripes, or soft blobs.")
    static let images = DefaultedKey(
        "images", .integer(min: 1, max: 1_000_000), default: 1000,
        doc: "Images in the training pool (at most a million).")
    static let testImages = DefaultedKey(
        "test_images", .integer(min: 0, max: 1_000_000), default: 200,
        doc: "Images in the `test` source (at most a million).")
    /// The size of generated images.
    public static let syntheticSize = DefaultedKey(
        "size", LayerSchema.pair, default: SizePair(28), doc: "Image height and width.")
    /// The channels of generated images.
    public static let syntheticChannels = DefaultedKey(
        "channels", .integer(min: 1, max: 3), default: 1, doc: "Image channels.")
}
