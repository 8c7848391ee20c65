import TLConfig
import TLFiles

/// What the dataset section says about the data without reading it: class count and names.
struct DatasetFacts {
    var classCount: Int?
    var classNames: [String]?
    /// Channels and size of the stored images, when the data set kind or the file says.
    var channels: Int?
    var size: (Int, Int)?
}

/// Checks the dataset section: paths, classes, splits.
struct DatasetChecks {
    let pipeline: Pipeline
    let offline: Bool
    var sink: DiagnosticSink
    static let path = ConfigPath.root.key("dataset")

    static let fashionNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    private var data: DatasetSpec { pipeline.dataset }

    /// Runs every check and returns what is known about the data.
    mutating func run() -> DatasetFacts {
        var facts = DatasetFacts()
        var native: [String]?
        switch data.type {
        case "idx":
            facts.channels = 1
            facts.size = (28, 28)
            native =
                data.classNames
                ?? ((data.path ?? "").lowercased().contains("fashion") ? Self.fashionNames : (0..<10).map(String.init))
            checkPath(
                data.path, key: "path", folder: true,
                containing: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"])
        case "sheet":
            facts.channels = 1
            facts.size = data.tile.map { tile in
                let padding = CheckedSize.saturatingProduct([2, data.tilePad])
                return (CheckedSize.saturatingSum([tile.0, padding]), CheckedSize.saturatingSum([tile.1, padding]))
            }
            checkPath(data.path, key: "path", folder: false)
        case "synthetic":
            facts.channels = data.channels
            facts.size = data.size
            checkGeneratedSize()
        default:
            facts.channels = data.channels
            facts.size = data.size
            let isFolder = data.type == "folder"
            checkPath(data.path, key: "path", folder: isFolder)
            checkPath(data.valPath, key: "val_path", folder: isFolder)
            checkPath(data.testPath, key: "test_path", folder: isFolder)
            if isFolder, !offline, let root = data.path { native = FilePaths.subfolders(root) }
        }
        (facts.classCount, facts.classNames) = classes(native: native)
        checkSplits()
        return facts
    }

    /// Reports generated images with more pixels than `max_image_pixels`, the limit stored images have.
    private mutating func checkGeneratedSize() {
        guard let (height, width) = data.size else { return }
        let pixels = CheckedSize.saturatingProduct([height, width])
        guard pixels > data.maxImagePixels else { return }
        sink.report(
            "data/image-too-large", at: .root.key("dataset").key("size"),
            "generated images of \(height)x\(width) have \(pixels) pixels, more than the \(data.maxImagePixels) an image may have",
            expected: "at most \(data.maxImagePixels) pixels", got: "\(height)x\(width)",
            hint: "use a smaller size, or raise dataset.max_image_pixels if the images are meant to be this large")
    }

    /// Reports a missing path (skipped offline); for IDX folders also the expected files.
    private mutating func checkPath(_ path: String?, key: String, folder: Bool, containing files: [String] = []) {
        guard let path, !offline else { return }
        let at = Self.path.key(key)
        let found = FilePaths.exists(path)
        if !found.exists {
            sink.report(
                "data/missing-path", at: at, "\(key) '\(path)' does not exist",
                expected: folder ? "a folder" : "a file",
                hint: "paths are relative to the pipeline file; use --offline to skip file checks")
        } else if found.isFolder != folder {
            sink.report(
                "data/missing-path", at: at, "\(key) '\(path)' is a \(found.isFolder ? "folder" : "file")",
                expected: folder ? "a folder" : "a file", got: found.isFolder ? "a folder" : "a file")
        } else {
            for name in files
            where !FilePaths.exists("\(path)/\(name)").exists && !FilePaths.exists("\(path)/\(name).gz").exists {
                sink.report(
                    "data/missing-path", at: at, "'\(path)' has no '\(name)' (or '\(name).gz')",
                    hint: "point 'path' at the folder holding the IDX files")
            }
        }
    }

    /// The class count and names after selection; reports unknown or duplicate selections.
    private mutating func classes(native: [String]?) -> (Int?, [String]?) {
        let at = Self.path.key("classes")
        switch data.classes {
        case .count(let count)?:
            if let native, native.count != count {
                sink.report(
                    "data/classes", at: at, "'classes: \(count)' but the data has \(native.count) classes",
                    expected: "\(native.count)", got: "\(count)",
                    hint: "give a list to select classes, or remove 'classes'")
            }
            return (count, native)
        case .selection(let wanted)?:
            if ["sheet", "synthetic"].contains(data.type) {
                sink.report(
                    "data/classes", at: at, "a \(data.type) data set needs the number of classes, not a selection",
                    expected: "an integer", hint: "write 'classes: \(wanted.count)'")
            }
            var seen = Set<String>()
            var names: [String] = []
            for (i, item) in wanted.enumerated() {
                if !seen.insert(item).inserted {
                    sink.report(
                        "data/duplicate-class", at: at.index(i), "class '\(item)' is selected twice",
                        hint: "remove the second '\(item)'; each class becomes one output of the head")
                }
                guard let native else { names.append(item); continue }
                if let index = Int(item) {
                    if native.indices.contains(index) {
                        names.append(native[index])
                    } else {
                        sink.report(
                            "data/unknown-class", at: at.index(i), "class index \(index) is out of range",
                            expected: "0 to \(native.count - 1)", got: "\(index)")
                    }
                } else if native.contains(item) {
                    names.append(item)
                } else {
                    sink.report(
                        "data/unknown-class", at: at.index(i), "the data has no class '\(item)'",
                        expected: "one of: " + native.joined(separator: ", "), got: "'\(item)'",
                        hint: Suggestions.didYouMean(item, in: native))
                }
            }
            return (wanted.count, names.count == wanted.count ? names : nil)
        case nil:
            if ["sheet", "synthetic"].contains(data.type) {
                sink.report(
                    "key/missing", at: at, "a \(data.type) data set needs 'classes' (how many)",
                    expected: "classes: <count>")
            }
            return (native?.count, native)
        }
    }

    /// Checks each split's rule and that the sources it names exist.
    private mutating func checkSplits() {
        var pooledFraction = 0.0
        for (key, split) in [("train", data.train), ("val", data.val), ("test", data.test)] {
            guard let split else { continue }
            let at = Self.path.key(key)
            let draws = [split.perClass != nil, split.limit != nil, split.fraction != nil, split.lastPerClass != nil]
                .filter { $0 }.count
            if draws > 1 {
                sink.report(
                    "data/split", at: at, "'\(key)' gives more than one of per_class, limit, fraction, last_per_class",
                    hint: "keep one way of drawing the split")
            }
            if let source = split.source {
                if key == "train" && source != "train" {
                    sink.report(
                        "data/split", at: at.key("source"), "the training split must come from the training data",
                        expected: "train", got: source)
                }
                if let problem = sourceProblem(source) {
                    sink.report(
                        "data/split-source", at: at.key("source"), problem,
                        hint: "draw it from the training pool with 'fraction' or 'per_class' instead")
                }
            } else if key != "train" {
                pooledFraction += split.fraction ?? 0
            }
        }
        if pooledFraction >= 1 {
            sink.report(
                "data/split", at: Self.path.key("val"),
                "val and test fractions add up to \(pooledFraction), leaving no training data",
                expected: "a sum below 1")
        }
    }

    /// Why the data set has no split called `source`, or nil when it has one.
    private func sourceProblem(_ source: String) -> String? {
        switch (data.type, source) {
        case (_, "train"): return nil
        case ("idx", "test"): return nil
        case ("synthetic", "test"):
            return data.testImages > 0 ? nil : "a synthetic data set with 'test_images: 0' has no test source"
        case ("folder", "test"), ("csv", "test"):
            return data.testPath == nil ? "'source: test' needs 'test_path' for a \(data.type) data set" : nil
        case ("folder", "val"), ("csv", "val"):
            return data.valPath == nil ? "'source: val' needs 'val_path' for a \(data.type) data set" : nil
        default: return "a \(data.type) data set has no separate '\(source)' source"
        }
    }
}
