/// The dataset section, read into typed values (paths resolved against the file that named them).
public struct DatasetSpec: Sendable {
    /// How one split is drawn.
    public struct Split: Sendable {
        public var source: String?
        public var perClass: Int?
        public var limit: Int?
        public var fraction: Double?
        public var lastPerClass: Int?
    }

    /// Which classes: a count, or a selection by name or index (relabelled in the order given).
    public enum Classes: Sendable {
        case count(Int)
        case selection([String])
    }

    public var type: String
    public var path: String?
    public var valPath: String?
    public var testPath: String?
    public var channels: Int?
    public var size: (Int, Int)?
    public var classes: Classes?
    public var classNames: [String]?
    public var train: Split?
    public var val: Split?
    public var test: Split?
    public var transforms: [OpSpec]
    public var augment: [OpSpec]
    public var onError: String
    public var maxBadFraction: Double
    /// The seed of the data draws, generated data and normalisation statistics, when it differs from the pipeline's.
    public var seed: Int?
    /// How many pixels a stored image may have (checked from its header before it is decoded).
    public var maxImagePixels: Int
    /// `max_image_pixels` when a data set does not set it: 40 megapixels (an 8K frame, a 40 MP photo).
    public static let defaultMaxImagePixels = 40_000_000
    public var tile: (Int, Int)?
    public var tilePad: Int
    public var family: String
    public var images: Int
    public var testImages: Int

    init(_ node: YAMLNode?, file: String) {
        func path(_ key: String) -> String? {
            guard let value = node?[key], let text = value.string else { return nil }
            return FilePaths.relative(text, to: value.span.file)
        }
        func split(_ key: String) -> Split? {
            node?[key].map {
                Split(source: $0["source"]?.string, perClass: $0["per_class"]?.int, limit: $0["limit"]?.int,
                      fraction: $0["fraction"]?.double, lastPerClass: $0["last_per_class"]?.int)
            }
        }
        let at = ConfigPath.root.key("dataset")
        type = node?["type"]?.string ?? "folder"
        self.path = path("path")
        valPath = path("val_path")
        testPath = path("test_path")
        channels = node?["channels"]?.int
        size = node?["size"].flatMap(OpSpec.pair)
        if let count = node?["classes"]?.int {
            classes = .count(count)
        } else if let list = node?["classes"]?.items {
            classes = .selection(list.compactMap(\.scalarText))
        }
        classNames = node?["class_names"]?.items?.compactMap(\.string)
        train = split("train")
        val = split("val")
        test = split("test")
        transforms = opSpecs(node?["transforms"], at: at.key("transforms"))
        augment = opSpecs(node?["augment"], at: at.key("augment"))
        onError = node?["on_error"]?.string ?? "fail"
        maxBadFraction = node?["max_bad_fraction"]?.double ?? 0.01
        seed = node?["seed"]?.int
        maxImagePixels = node?["max_image_pixels"]?.int ?? Self.defaultMaxImagePixels
        tile = node?["tile"].flatMap(OpSpec.pair)
        tilePad = node?["pad"]?.int ?? 0
        family = node?["family"]?.string ?? "shapes"
        images = node?["images"]?.int ?? 1000
        testImages = node?["test_images"]?.int ?? 200
    }
}
