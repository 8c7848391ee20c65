import Foundation

/// Reads an MNIST-family folder of IDX files (`train-…` and `t10k-…`, raw or `.gz`).
enum IDXDataset {
    /// Fashion-MNIST's class names, by label value.
    static let fashionClassNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// The training pool and, when present, the `t10k` test split.
    static func read(folder: String, classNames: [String]?, budget: PixelBudget) throws -> StoredDataset {
        guard let train = try pool(folder: folder, prefix: "train", budget: budget) else {
            throw DataError.missingIDXFiles(folder: folder)
        }
        let test = try pool(folder: folder, prefix: "t10k", budget: budget)
        let maxLabel = (train.labels + (test?.labels ?? [])).max() ?? 0
        let names =
            classNames
            ?? (folder.lowercased().contains("fashion") ? fashionClassNames : (0...maxLabel).map(String.init))
        guard maxLabel < names.count else {
            throw DataError.tooFewClassNames(folder: folder, maxLabel: maxLabel, names: names.count)
        }
        return StoredDataset(classNames: names, train: train.pool, test: test?.pool)
    }

    /// One prefix's images and labels, or nil when its files are absent.
    private static func pool(folder: String, prefix: String, budget: PixelBudget) throws -> (
        pool: SamplePool, labels: [Int]
    )? {
        guard let imagesPath = find(folder, "\(prefix)-images-idx3-ubyte"),
            let labelsPath = find(folder, "\(prefix)-labels-idx1-ubyte")
        else { return nil }
        let images = try IDXFile(path: imagesPath, budget: budget)
        let labels = try IDXFile(path: labelsPath, budget: budget)
        guard images.dimensions.count == 3 else {
            throw DataError.idxRank(path: imagesPath, expected: 3, got: images.dimensions.count)
        }
        guard labels.dimensions.count == 1 else {
            throw DataError.idxRank(path: labelsPath, expected: 1, got: labels.dimensions.count)
        }
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw DataError.idxCountMismatch(
                labelsPath: labelsPath, labels: labels.dimensions[0], images: images.dimensions[0],
                imagesFile: (imagesPath as NSString).lastPathComponent)
        }
        let name = (imagesPath as NSString).lastPathComponent
        let values = labels.bytes.map(Int.init)
        let samples = values.enumerated().map {
            Sample(location: "\(name)#\($0.offset)", item: $0.offset, label: $0.element)
        }
        let source = PackedImageSource(
            width: images.dimensions[2], height: images.dimensions[1], channels: 1, pixels: images.bytes)
        return (SamplePool(samples: samples, source: source), values)
    }

    /// The raw or `.gz` file of that name in `folder`.
    private static func find(_ folder: String, _ name: String) -> String? {
        let base = (folder as NSString).appendingPathComponent(name)
        return [base, base + ".gz"].first { FileManager.default.fileExists(atPath: $0) }
    }
}
