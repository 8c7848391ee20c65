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
                Split(
                    source: $0["source"]?.string, perClass: $0["per_class"]?.int, limit: $0["limit"]?.int,
                    fraction: $0["fraction"]?.double, lastPerClass: $0["last_per_class"]?.int)
            }
        }
        let at = ConfigPath.root.key("dataset")
        type = node?["type"]?.string ?? "folder"
        self.path = path("path")
        valPath = path("val_path")
        testPath = path("test_path")
        let synthetic = node?["type"]?.string == "synthetic"
        channels = synthetic ? DataKeys.syntheticChannels.read(node) : DataKeys.channels.read(node)
        size = (synthetic ? DataKeys.syntheticSize.read(node) : DataKeys.size.read(node))?.tuple
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
        onError = DataKeys.onError.read(node)
        maxBadFraction = DataKeys.maxBadFraction.read(node)
        seed = DataKeys.seed.read(node)
        maxImagePixels = DataKeys.maxImagePixels.read(node)
        tile = DataKeys.tile.read(node)?.tuple
        tilePad = DataKeys.tilePad.read(node)
        family = DataKeys.family.read(node)
        images = DataKeys.images.read(node)
        testImages = DataKeys.testImages.read(node)
    }
}
