import TLConfig

/// Reads the data set a `DatasetSpec` names, checking files and applying the bad-data policy.
enum StoredDatasetReader {
    /// The stored data set with `spec.classes` applied (only the selected classes, relabelled in the order given);
    /// `seed` drives the synthetic generator. A folder data set's classes are selected before its files are checked.
    static func read(_ spec: DatasetSpec, seed: UInt64) throws -> StoredDataset {
        if spec.type == "folder" { return try readFolders(spec) }
        let stored = try readUnselected(spec, seed: seed)
        return try ClassSelection(spec.classes, stored: stored.classNames, file: spec.path ?? "dataset (\(spec.type))")
            .apply(stored)
    }

    private static func readUnselected(_ spec: DatasetSpec, seed: UInt64) throws -> StoredDataset {
        switch spec.type {
        case "idx":
            return try IDXDataset.read(
                folder: try required(spec.path, "idx"), classNames: spec.classNames,
                budget: PixelBudget(spec))
        case "sheet":
            guard let tile = spec.tile else {
                throw DataError.missingTile(path: spec.path ?? "dataset")
            }
            return try SheetDataset.read(
                path: try required(spec.path, "sheet"), tile: tile, pad: spec.tilePad,
                classCount: classCount(spec) ?? 10,
                budget: PixelBudget(spec))
        case "synthetic":
            let (height, width) = spec.size ?? DataKeys.syntheticSize.defaultValue.tuple
            let generator = SyntheticImageSource(
                family: spec.family, classCount: classCount(spec) ?? 10, height: height, width: width,
                channels: spec.channels ?? DataKeys.syntheticChannels.defaultValue, seed: seed)
            return SyntheticDataset.make(generator, images: spec.images, testImages: spec.testImages)
        case "csv":
            return try readManifests(spec)
        default:
            throw DataError.unknownDatasetType(path: spec.path ?? "dataset", type: spec.type)
        }
    }

    /// The class count when `classes` is a number.
    private static func classCount(_ spec: DatasetSpec) -> Int? {
        if case .count(let count)? = spec.classes { return count }
        if case .selection(let names)? = spec.classes, spec.type == "synthetic" || spec.type == "sheet" {
            return names.count
        }
        return nil
    }

    private static func required(_ path: String?, _ type: String) throws -> String {
        guard let path else { throw DataError.missingPath(type: type) }
        return path
    }

    /// Folders of class folders: the classes are selected first, so that unselected folders are never read; an
    /// empty selected class folder is an error.
    private static func readFolders(_ spec: DatasetSpec) throws -> StoredDataset {
        let root = try required(spec.path, "folder")
        let train = try FolderDataset.scan(root: root)
        let selection = try ClassSelection(spec.classes, stored: train.classNames, file: root)
        let budget = PixelBudget(spec)
        var bad: [DataError] = [], ignored = 0
        func pool(_ scanned: FolderDataset.Scan) throws -> SamplePool {
            if let empty = scanned.emptyClasses.first(where: { selection.selects($0.name, stored: train.classNames) }) {
                throw DataError.emptyClassFolder(
                    path: empty.folder, name: empty.name, classesSelected: spec.classes != nil)
            }
            ignored += scanned.ignored
            let checked = FileChecker.check(
                selection.apply(scanned.samples), size: spec.size, channels: spec.channels, budget: budget)
            bad += checked.bad
            return SamplePool(samples: checked.good, source: FileImageSource(budget: budget))
        }
        let trainPool = try pool(train)
        let val = try spec.valPath.map { try pool(try FolderDataset.scan(root: $0, classNames: train.classNames)) }
        let test = try spec.testPath.map { try pool(try FolderDataset.scan(root: $0, classNames: train.classNames)) }
        return StoredDataset(
            classNames: selection.names, train: trainPool, val: val, test: test, skipped: bad, ignoredFiles: ignored)
    }

    private static func readManifests(_ spec: DatasetSpec) throws -> StoredDataset {
        let trainFile = try required(spec.path, "csv")
        let trainRows = try CSVManifest.read(trainFile)
        let classNames = try spec.classNames ?? CSVManifest.classNames(trainRows, file: trainFile)
        var bad: [DataError] = []
        let budget = PixelBudget(spec)
        func pool(_ file: String?, rows known: [CSVManifest.Row]? = nil) throws -> SamplePool? {
            guard let file else { return nil }
            let listed = CSVManifest.samples(try known ?? CSVManifest.read(file), file: file, classNames: classNames)
            let checked = FileChecker.check(listed.samples, size: spec.size, channels: spec.channels, budget: budget)
            bad += listed.bad + checked.bad
            return SamplePool(samples: checked.good, source: FileImageSource(budget: budget))
        }
        let train = try pool(trainFile, rows: trainRows)!
        return StoredDataset(
            classNames: classNames, train: train, val: try pool(spec.valPath), test: try pool(spec.testPath),
            skipped: bad)
    }
}
