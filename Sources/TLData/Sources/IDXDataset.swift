import Foundation

/// Reads an MNIST-family folder of IDX files (`train-…` and `t10k-…`, raw or `.gz`).
enum IDXDataset {
    /// Fashion-MNIST's class names, by label value.
    static let fashionClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// The training pool and, when present, the `t10k` test split.
    static func read(folder: String, classNames: [String]?, budget: PixelBudget) throws -> StoredDataset {
        guard let train = try pool(folder: folder, prefix: "train", budget: budget) else {
            throw DataError(file: folder, problem: "no train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] here",
                            fix: "point `path` at the folder holding the IDX files (Debian: install dataset-fashion-mnist)")
        }
        let test = try pool(folder: folder, prefix: "t10k", budget: budget)
        let maxLabel = (train.labels + (test?.labels ?? [])).max() ?? 0
        let names = classNames
            ?? (folder.lowercased().contains("fashion") ? fashionClassNames : (0...maxLabel).map(String.init))
        guard maxLabel < names.count else {
            throw DataError(file: folder, problem: "labels go up to \(maxLabel) but only \(names.count) class names are given",
                            fix: "give one `class_names` entry per label value")
        }
        return StoredDataset(classNames: names, train: train.pool, test: test?.pool)
    }

    /// One prefix's images and labels, or nil when its files are absent.
    private static func pool(folder: String, prefix: String, budget: PixelBudget) throws -> (pool: SamplePool, labels: [Int])? {
        guard let imagesPath = find(folder, "\(prefix)-images-idx3-ubyte"),
              let labelsPath = find(folder, "\(prefix)-labels-idx1-ubyte") else { return nil }
        let images = try IDXFile(path: imagesPath, budget: budget)
        let labels = try IDXFile(path: labelsPath, budget: budget)
        guard images.dimensions.count == 3 else {
            throw DataError(file: imagesPath, problem: "an image file must have 3 dimensions, this one has \(images.dimensions.count)",
                            fix: "check that images and labels files are not swapped")
        }
        guard labels.dimensions.count == 1 else {
            throw DataError(file: labelsPath, problem: "a label file must have 1 dimension, this one has \(labels.dimensions.count)",
                            fix: "check that images and labels files are not swapped")
        }
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw DataError(file: labelsPath, problem: "\(labels.dimensions[0]) labels for \(images.dimensions[0]) images",
                            fix: "use the label file that belongs to \((imagesPath as NSString).lastPathComponent)")
        }
        let name = (imagesPath as NSString).lastPathComponent
        let values = labels.bytes.map(Int.init)
        let samples = values.enumerated().map { Sample(location: "\(name)#\($0.offset)", item: $0.offset, label: $0.element) }
        let source = PackedImageSource(width: images.dimensions[2], height: images.dimensions[1], channels: 1, pixels: images.bytes)
        return (SamplePool(samples: samples, source: source), values)
    }

    /// The raw or `.gz` file of that name in `folder`.
    private static func find(_ folder: String, _ name: String) -> String? {
        let base = (folder as NSString).appendingPathComponent(name)
        return [base, base + ".gz"].first { FileManager.default.fileExists(atPath: $0) }
    }
}
