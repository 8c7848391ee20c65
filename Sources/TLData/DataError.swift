/// A problem with a data set: which file (or data set location), what is wrong with the values involved, and how
/// to repair the data or the data set keys.
public indirect enum DataError: Error, CustomStringConvertible, Sendable, Equatable {
    // Files.
    /// No file at `path` (or a symbolic link to nothing).
    case missingFile(path: String, danglingLink: Bool)
    /// A file that exists but cannot be read.
    case unreadableFile(path: String)
    /// A file or folder in `folder` whose name is not valid UTF-8 (`escapedName` shows its bytes).
    case fileNameNotUTF8(folder: String, escapedName: String)
    /// Class folders of `root` whose names are the same text in different Unicode normalisations (NFC and NFD).
    case classFoldersClash(root: String, names: [String])
    /// An IDX file that does not exist or cannot be read.
    case missingIDXFile(path: String)
    /// A manifest that does not exist or is not UTF-8 text.
    case unreadableManifest(path: String)
    /// A file the data set names that cannot be used (`reason` says why).
    case unusableFile(path: String, reason: String)
    /// Something other than a regular file where an image was expected (`kind`: a folder, a FIFO, ...).
    case notAnImageFile(path: String, kind: String)
    /// A file of 0 bytes.
    case emptyFile(path: String)
    /// A PNG named like a JPEG, or the reverse.
    case misnamedImage(path: String, format: String, fileExtension: String)
    /// Content that is neither PNG nor JPEG.
    case unknownImageFormat(path: String)
    /// A PNG or JPEG the decoder refused (`detail` is the decoder's message).
    case undecodableImage(path: String, format: String, detail: String)
    /// A decoding thread could not be started.
    case noDecodingThread(path: String)

    // Images.
    /// An image header that declares no pixels.
    case emptyImage(path: String, width: Int, height: Int)
    /// An image with more pixels than `dataset.max_image_pixels` allows (`describe` words pixel counts).
    case imageTooLarge(path: String, width: Int, height: Int, pixels: Int, limit: Int)
    /// A PNG wider or taller than libpng reads (its user limit, `limit` on either side), within the pixel budget.
    case beyondLibpngLimit(path: String, width: Int, height: Int, limit: Int)
    /// A stored image whose size differs from the data set's declared `size`.
    case sizeMismatch(path: String, height: Int, width: Int, declared: (Int, Int))
    /// A stored image whose channel count differs from the data set's declared `channels`.
    case channelMismatch(path: String, channels: Int, declared: Int)
    /// An image whose shape after the transforms differs from the batch's.
    case unevenImage(path: String, shape: [Int], batch: [Int])
    /// An image whose shape after a model's transforms is not the model's input.
    case imageDoesNotFitModel(path: String, shape: [Int], input: [Int])

    // Compressed data.
    /// A file whose declared content (`what`) needs more memory than the budget allows, whatever the settings.
    case overMemoryBudget(path: String, what: String, bytes: Int, budget: Int)
    /// Compressed data that inflates past a limit (`detail` says what the limit is, when the reader knows).
    case inflatesTooFar(path: String, limit: Int, detail: String?)
    /// Compressed data that ends early.
    case truncatedCompression(path: String)
    /// Compressed data zlib cannot inflate.
    case corruptCompression(path: String)
    /// zlib could not start.
    case zlibUnavailable(path: String)

    // IDX files.
    /// No IDX training files in a folder.
    case missingIDXFiles(folder: String)
    /// An IDX header whose sizes multiply past what any file can hold.
    case idxSizeOverflow(path: String, dimensions: [Int])
    /// An IDX file whose data length differs from its header's.
    case idxSizeMismatch(path: String, dimensions: [Int], declaredBytes: Int, actualBytes: Int)
    /// An IDX file without the `00 00 08 nn` magic number.
    case idxMagic(path: String)
    /// An IDX element type other than unsigned byte.
    case idxElementType(path: String, type: UInt8)
    /// An IDX header too short for the dimensions it declares.
    case idxShortHeader(path: String, rank: Int)
    /// An IDX images file that is not 3-D or a labels file that is not 1-D.
    case idxRank(path: String, expected: Int, got: Int)
    /// Labels and images files with different counts.
    case idxCountMismatch(labelsPath: String, labels: Int, images: Int, imagesFile: String)
    /// Labels beyond the class names given.
    case tooFewClassNames(folder: String, maxLabel: Int, names: Int)

    // Layouts and manifests.
    /// A folder data set root that does not exist.
    case missingFolder(path: String)
    /// A folder data set root without class sub-folders.
    case noClassFolders(path: String)
    /// A split's class folder that the training folder does not have.
    case unknownClassFolder(path: String, name: String)
    /// A selected class folder without images.
    case emptyClassFolder(path: String, name: String, classesSelected: Bool)
    /// A sheet whose size is not a whole number of tiles.
    case sheetNotTiled(path: String, width: Int, height: Int, tileWidth: Int, tileHeight: Int)
    /// Tile rows that do not divide evenly between the classes.
    case sheetRowsUneven(path: String, rows: Int, classes: Int)
    /// A sheet data set without `tile`.
    case missingTile(path: String)
    /// A data set type tlrun does not read.
    case unknownDatasetType(path: String, type: String)
    /// A data set type that needs `path` and has none.
    case missingPath(type: String)
    /// A manifest without its `path,label` header.
    case manifestHeader(path: String)
    /// A manifest row with a different number of fields than the header.
    case manifestFieldCount(path: String, line: Int, fields: Int, header: Int)
    /// A manifest row with an empty label.
    case manifestEmptyLabel(path: String, line: Int)
    /// Labels of a manifest that are the same text in different Unicode normalisations; `line` is where the second
    /// spelling first appears.
    case manifestLabelsClash(path: String, line: Int, labels: [String])
    /// A manifest row whose label is not a class of the training manifest.
    case manifestUnknownLabel(path: String, line: Int, label: String, classes: [String])
    /// Integer labels whose largest value leaves classes no row can fill (each of 0...largest is a class).
    case integerLabelsTooLarge(path: String, largest: Int, rows: Int)
    /// A manifest row naming a file that does not exist.
    case manifestMissingFile(path: String, line: Int, manifest: String)
    /// A data set file (`tlrun data` input) that does not check: its first problem, at `location`.
    case datasetFile(location: String, key: String, message: String, hint: String?)

    // Classes and splits.
    /// `classes: N` with more than the data set has.
    case tooManyClasses(path: String, count: Int, available: Int)
    /// A class selection naming a class the data set lacks.
    case unknownClass(path: String, name: String, available: [String])
    /// A class selected twice.
    case classSelectedTwice(path: String)
    /// A selected class with no usable training image.
    case classWithoutImages(path: String, name: String, skipped: Int)
    /// A split with no images.
    case emptySplit(name: String)
    /// An empty training split.
    case emptyTrainingSplit(path: String)
    /// `{source: test}` for a data set without that split.
    case missingSourceSplit(path: String, split: String, source: String)
    /// A split rule asking more images than are left.
    case splitLimit(path: String, split: String, limit: Int, available: Int)
    /// A per-class split rule asking more images of a class than are left.
    case splitPerClass(path: String, split: String, key: String, wanted: Int, label: Int, available: Int)

    // Bad-file policy.
    /// The first bad file, and how many more were found (with `on_error: fail`).
    case badFiles(first: DataError, more: Int)
    /// More bad files than `max_bad_fraction` allows (with `on_error: skip`).
    case tooManyBadFiles(first: DataError, bad: Int, total: Int, maxFraction: Double)

    /// The file or data set location the problem is in.
    public var file: String {
        switch self {
        case .missingFile(let path, _), .unreadableFile(let path), .missingIDXFile(let path),
            .unreadableManifest(let path),
            .unusableFile(let path, _), .notAnImageFile(let path, _),
            .emptyFile(let path), .misnamedImage(let path, _, _), .unknownImageFormat(let path),
            .undecodableImage(let path, _, _),
            .noDecodingThread(let path), .emptyImage(let path, _, _), .imageTooLarge(let path, _, _, _, _),
            .beyondLibpngLimit(let path, _, _, _),
            .sizeMismatch(let path, _, _, _), .channelMismatch(let path, _, _), .unevenImage(let path, _, _),
            .imageDoesNotFitModel(let path, _, _), .overMemoryBudget(let path, _, _, _),
            .inflatesTooFar(let path, _, _), .truncatedCompression(let path),
            .corruptCompression(let path), .zlibUnavailable(let path), .idxSizeOverflow(let path, _),
            .idxSizeMismatch(let path, _, _, _), .idxMagic(let path), .idxElementType(let path, _),
            .idxShortHeader(let path, _),
            .idxRank(let path, _, _), .idxCountMismatch(let path, _, _, _), .missingFolder(let path),
            .noClassFolders(let path),
            .unknownClassFolder(let path, _), .emptyClassFolder(let path, _, _), .sheetNotTiled(let path, _, _, _, _),
            .sheetRowsUneven(let path, _, _), .missingTile(let path), .unknownDatasetType(let path, _),
            .manifestHeader(let path),
            .integerLabelsTooLarge(let path, _, _),
            .manifestMissingFile(let path, _, _), .tooManyClasses(let path, _, _), .unknownClass(let path, _, _),
            .classSelectedTwice(let path), .classWithoutImages(let path, _, _), .emptyTrainingSplit(let path),
            .missingSourceSplit(let path, _, _), .splitLimit(let path, _, _, _),
            .splitPerClass(let path, _, _, _, _, _):
            return path
        case .missingIDXFiles(let folder), .tooFewClassNames(let folder, _, _), .classFoldersClash(let folder, _):
            return folder
        case .fileNameNotUTF8(let folder, let name):
            return folder.isEmpty ? name : (folder.hasSuffix("/") ? folder : folder + "/") + name
        case .missingPath: return "dataset"
        case .manifestFieldCount(let path, let line, _, _), .manifestEmptyLabel(let path, let line),
            .manifestUnknownLabel(let path, let line, _, _), .manifestLabelsClash(let path, let line, _):
            return "\(path):\(line)"
        case .datasetFile(let location, _, _, _): return location
        case .emptySplit(let name): return name
        case .badFiles(let first, _), .tooManyBadFiles(let first, _, _, _): return first.file
        }
    }

    /// What is wrong, with the values involved.
    public var problem: String { DataErrorText.problem(self) }

    /// How to repair the data or the data set keys.
    public var fix: String { DataErrorText.fix(self) }

    /// `file: problem (fix)`, one line.
    public var description: String { "\(file): \(problem) (\(fix))" }

    public static func == (a: DataError, b: DataError) -> Bool { a.description == b.description }
}
