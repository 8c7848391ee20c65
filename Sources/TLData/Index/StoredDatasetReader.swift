import TLConfig

/// Reads the data set a `DatasetSpec` names, checking files and applying the bad-data policy.
enum StoredDatasetReader {
    /// The stored data set; `seed` drives the synthetic generator.
    static func read(_ spec: DatasetSpec, seed: UInt64) throws -> StoredDataset {
        switch spec.type {
        case "idx":
            return try IDXDataset.read(folder: try required(spec.path, "idx"), classNames: spec.classNames)
        case "sheet":
            guard let tile = spec.tile else {
                throw DataError(file: spec.path ?? "dataset", problem: "a sheet needs `tile: [height, width]`", fix: "add the tile size")
            }
            return try SheetDataset.read(path: try required(spec.path, "sheet"), tile: tile, pad: spec.tilePad, classCount: classCount(spec) ?? 10)
        case "synthetic":
            let (height, width) = spec.size ?? (28, 28)
            let generator = SyntheticImageSource(family: spec.family, classCount: classCount(spec) ?? 10, height: height, width: width,
                                                 channels: spec.channels ?? 1, seed: seed)
            return SyntheticDataset.make(generator, images: spec.images, testImages: spec.testImages)
        case "folder":
            return try readFolders(spec)
        case "csv":
            return try readManifests(spec)
        default:
            throw DataError(file: spec.path ?? "dataset", problem: "unknown dataset type '\(spec.type)'",
                            fix: "use folder, csv, idx, sheet or synthetic")
        }
    }

    /// The class count when `classes` is a number.
    private static func classCount(_ spec: DatasetSpec) -> Int? {
        if case .count(let count)? = spec.classes { return count }
        if case .selection(let names)? = spec.classes, spec.type == "synthetic" || spec.type == "sheet" { return names.count }
        return nil
    }

    private static func required(_ path: String?, _ type: String) throws -> String {
        guard let path else { throw DataError(file: "dataset", problem: "a \(type) data set needs `path`", fix: "add `path:`") }
        return path
    }

    private static func readFolders(_ spec: DatasetSpec) throws -> StoredDataset {
        let train = try FolderDataset.scan(root: try required(spec.path, "folder"))
        var bad = train.emptyClasses, ignored = train.ignored
        func pool(_ scanned: [Sample]) -> SamplePool {
            let checked = FileChecker.check(scanned, size: spec.size, channels: spec.channels)
            bad += checked.bad
            return SamplePool(samples: checked.good, source: FileImageSource())
        }
        func other(_ path: String?) throws -> SamplePool? {
            guard let path else { return nil }
            let scanned = try FolderDataset.scan(root: path, classNames: train.classNames)
            bad += scanned.emptyClasses
            ignored += scanned.ignored
            return pool(scanned.samples)
        }
        let trainPool = pool(train.samples)
        let val = try other(spec.valPath), test = try other(spec.testPath)
        return StoredDataset(classNames: train.classNames, train: trainPool, val: val, test: test, skipped: bad, ignoredFiles: ignored)
    }

    private static func readManifests(_ spec: DatasetSpec) throws -> StoredDataset {
        let trainFile = try required(spec.path, "csv")
        let trainRows = try CSVManifest.read(trainFile)
        let classNames = spec.classNames ?? CSVManifest.classNames(trainRows)
        var bad: [DataError] = []
        func pool(_ file: String?, rows known: [CSVManifest.Row]? = nil) throws -> SamplePool? {
            guard let file else { return nil }
            let listed = CSVManifest.samples(try known ?? CSVManifest.read(file), file: file, classNames: classNames)
            let checked = FileChecker.check(listed.samples, size: spec.size, channels: spec.channels)
            bad += listed.bad + checked.bad
            return SamplePool(samples: checked.good, source: FileImageSource())
        }
        let train = try pool(trainFile, rows: trainRows)!
        return StoredDataset(classNames: classNames, train: train, val: try pool(spec.valPath), test: try pool(spec.testPath), skipped: bad)
    }
}
