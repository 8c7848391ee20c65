/// One image of a split: where it is (a file path, or a name like `train-images-idx3-ubyte.gz#17`), its position
/// in its source, and its label after class selection.
public struct Sample: Sendable, Hashable {
    /// A file path or a `file#item` name a person can find the image by.
    public var location: String
    /// The image's position in its source (what in-memory sources decode by).
    public var item: Int
    /// The class index, 0..<classCount.
    public var label: Int

    /// Creates a sample.
    public init(location: String, item: Int, label: Int) {
        self.location = location
        self.item = item
        self.label = label
    }
}

/// Decodes the image of a sample.
public protocol ImageSource: Sendable {
    /// The image of `sample` (8-bit, 1 or 3 channels).
    func image(for sample: Sample) throws -> Image
}

/// Images stored as files, decoded from `sample.location`.
public struct FileImageSource: ImageSource {
    /// How many pixels an image may have.
    let budget: PixelBudget

    /// Creates a file source whose images may have up to `budget` pixels.
    public init(budget: PixelBudget) {
        self.budget = budget
    }

    /// Decodes the file named by the sample.
    public func image(for sample: Sample) throws -> Image {
        try ImageDecoder.decodeFile(sample.location, budget: budget)
    }
}

/// Equal-sized images held in memory, one after the other (IDX data, tiles).
public struct PackedImageSource: ImageSource {
    let width: Int
    let height: Int
    let channels: Int
    let pixels: [UInt8]

    /// The image at `sample.item`.
    public func image(for sample: Sample) throws -> Image {
        let size = width * height * channels
        return Image(
            width: width, height: height, channels: channels,
            pixels: Array(pixels[(sample.item * size)..<((sample.item + 1) * size)]))
    }
}

/// A list of samples in file order with the source that decodes them.
public struct SamplePool: Sendable {
    /// The samples, in file order.
    public var samples: [Sample]
    /// What decodes them.
    public var source: any ImageSource
}

/// A data set as stored: class names, its own splits, and the files left out when it was checked.
struct StoredDataset {
    var classNames: [String]
    var train: SamplePool
    var val: SamplePool?
    var test: SamplePool?
    var skipped: [DataError] = []
    var ignoredFiles = 0
}
