import Foundation
import TLFiles

/// The wording of `DataError`: the problem with its values, and the repair in terms of the data and its keys.
enum DataErrorText {
    private static let reexport = "re-export the image or remove the file"
    private static let idxFix = "download the file again; it is not a valid IDX file"
    private static let swappedIDX = "check that images and labels files are not swapped"

    /// What is wrong.
    static func problem(_ error: DataError) -> String {
        switch error {
        case .missingFile(_, let dangling):
            return dangling ? "the symbolic link points to a file that does not exist" : "the file does not exist"
        case .unreadableFile: return "the file cannot be read"
        case .fileNameNotUTF8:
            return
                "the name is not valid UTF-8 (its bytes are shown, the bad ones as \\xNN), so tlrun cannot name it in paths, "
                + "class names and run records"
        case .classFoldersClash(_, let names):
            return "the class folders " + normalisationClash(names)
        case .manifestLabelsClash(_, _, let labels):
            return "the labels " + normalisationClash(labels)
        case .missingIDXFile: return "the file does not exist or cannot be read"
        case .unreadableManifest: return "the manifest does not exist or is not UTF-8 text"
        case .unusableFile(_, let reason): return reason
        case .notAnImageFile(_, let kind): return "this is \(kind), not an image file"
        case .emptyFile: return "the file is empty (0 bytes)"
        case .misnamedImage(_, let format, let ext): return "the file is a \(format) but is named .\(ext)"
        case .unknownImageFormat: return "the content is neither PNG nor JPEG"
        case .undecodableImage(_, let format, let detail): return "not a readable \(format): \(detail)"
        case .noDecodingThread: return "could not start a decoding thread"
        case .emptyImage(_, let width, let height): return "the header declares an empty image (\(width)x\(height))"
        case .imageTooLarge(_, let width, let height, let pixels, let limit):
            return
                "the image is \(width)x\(height) (\(PixelBudget.amount(pixels))), more than the \(PixelBudget.amount(limit)) an image may have"
        case .beyondLibpngLimit(_, let width, let height, let limit):
            return
                "the PNG is \(width)x\(height), within the pixel budget, but libpng reads no PNG wider or taller than \(grouped(limit)) "
                + "pixels (its user limit PNG_USER_WIDTH_MAX/PNG_USER_HEIGHT_MAX, which png_set_user_limits would raise but tlrun's reader cannot)"
        case .sizeMismatch(_, let height, let width, let declared):
            return "the image is \(height)x\(width), the data set declares size [\(declared.0), \(declared.1)]"
        case .channelMismatch(_, let channels, let declared):
            return "the image has \(channels) channel\(channels == 1 ? "" : "s"), the data set declares \(declared)"
        case .unevenImage(_, let shape, let batch):
            return "the image is \(dims(shape)) after the transforms, the batch is \(dims(batch))"
        case .imageDoesNotFitModel(_, let shape, let input):
            return "the image is \(dims(shape)) after the model's transforms, the model takes \(dims(input))"
        case .overMemoryBudget(_, let what, let bytes, let budget):
            return
                "\(what) needs \(MemoryBudget.amount(bytes)), over the memory budget of \(MemoryBudget.amount(budget)) "
                + "(half of this machine's memory or address-space limit)"
        case .inflatesTooFar(_, let limit, let detail): return detail ?? "inflates to more than \(limit) bytes"
        case .truncatedCompression: return "the compressed data ends early (truncated file)"
        case .corruptCompression: return "the compressed data is corrupt"
        case .zlibUnavailable: return "zlib could not start"
        case .missingIDXFiles: return "no train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] here"
        case .idxSizeOverflow(_, let dimensions):
            return "the header declares \(dims(dimensions)), more data than any file can hold"
        case .idxSizeMismatch(_, let dimensions, let declared, let actual):
            return
                "the header lies about its size: it declares \(dims(dimensions)) = \(declared) bytes of data, the file has \(actual)"
        case .idxMagic: return "bad IDX magic number (expected 00 00 08 nn)"
        case .idxElementType(_, let type):
            return "IDX element type 0x\(String(type, radix: 16)) is not unsigned byte (0x08)"
        case .idxShortHeader(_, let rank):
            return "IDX header declares \(rank) dimensions but the file is too short for them"
        case .idxRank(_, let expected, let got):
            return expected == 3
                ? "an image file must have 3 dimensions, this one has \(got)"
                : "a label file must have 1 dimension, this one has \(got)"
        case .idxCountMismatch(_, let labels, let images, _): return "\(labels) labels for \(images) images"
        case .tooFewClassNames(_, let maxLabel, let names):
            return "labels go up to \(maxLabel) but only \(names) class names are given"
        case .missingFolder: return "the folder does not exist"
        case .noClassFolders: return "no class sub-folders"
        case .unknownClassFolder(_, let name): return "class folder '\(name)' is not a class of the training folder"
        case .emptyClassFolder(_, let name, _): return "the folder of class '\(name)' has no PNG or JPEG files"
        case .sheetNotTiled(_, let width, let height, let tileWidth, let tileHeight):
            return "the sheet is \(width)x\(height), not a whole number of \(tileWidth)x\(tileHeight) tiles"
        case .sheetRowsUneven(_, let rows, let classes):
            return "\(rows) tile rows cannot be split evenly between \(classes) classes"
        case .missingTile: return "a sheet needs `tile: [height, width]`"
        case .unknownDatasetType(_, let type): return "unknown dataset type '\(type)'"
        case .missingPath(let type): return "a \(type) data set needs `path`"
        case .manifestHeader: return "the first line must be a header naming the `path` and `label` columns"
        case .integerLabelsTooLarge(_, let largest, let rows):
            return
                "the labels are numbers up to \(largest), so classes 0 to \(largest) each need images, but the manifest has \(rows) rows"
        case .manifestFieldCount(_, _, let fields, let header):
            return "the row has \(fields) fields, the header \(header)"
        case .manifestEmptyLabel: return "the row's label is empty"
        case .manifestUnknownLabel(_, _, let label, _):
            return "label '\(label)' is not a class of the training manifest"
        case .manifestMissingFile(_, let line, let manifest):
            return "the file named on line \(line) of \(manifest) does not exist"
        case .datasetFile(_, let key, let message, _): return (key.isEmpty ? "" : key + ": ") + message
        case .tooManyClasses(_, let count, let available):
            return "`classes: \(count)` but the data set has \(available) classes"
        case .unknownClass(_, let name, _): return "class '\(name)' is not in the data set"
        case .classSelectedTwice: return "a class is selected twice in `classes`"
        case .classWithoutImages(_, let name, let skipped):
            return "class '\(name)' has no usable training images"
                + (skipped > 0 ? " (\(skipped) bad files were left out of the data set)" : "")
        case .emptySplit(let name): return "the \(name) split has no images"
        case .emptyTrainingSplit: return "the training split is empty"
        case .missingSourceSplit(_, let split, let source):
            return "`\(split): {source: \(source)}` but the data set has no \(source) split of its own"
        case .splitLimit(_, let split, let limit, let available):
            return "`\(split): {limit: \(limit)}` but only \(available) images are left to draw from"
        case .splitPerClass(_, let split, let key, let wanted, let label, let available):
            return "`\(split): {\(key): \(wanted)}` but class \(label) has only \(available) images left"
        case .badFiles(let first, let more):
            return first.problem + (more > 0 ? "; \(more) more bad file\(more == 1 ? "" : "s") found" : "")
        case .tooManyBadFiles(let first, let bad, let total, let maxFraction):
            return
                "\(bad) of \(total) files are bad (\(percent(Double(bad) / Double(max(1, total))))), more than max_bad_fraction "
                + "\(percent(maxFraction))); first: \(first.problem)"
        }
    }

    /// How to repair it.
    static func fix(_ error: DataError) -> String {
        switch error {
        case .missingFile(_, let dangling):
            return dangling ? "fix or remove the link" : "check the path, or remove the entry that names it"
        case .unreadableFile: return "check its permissions"
        case .fileNameNotUTF8:
            return "rename it to a UTF-8 name (for example with convmv -f latin1 -t utf8), or remove it"
        case .classFoldersClash:
            return "merge the folders into one, or rename one so that the names differ in more than normalisation"
        case .manifestLabelsClash:
            return
                "write every label in one normalisation (NFC, e.g. with Python's unicodedata.normalize), or rename one"
        case .missingIDXFile: return "check the data set path"
        case .unreadableManifest: return "check the data set `path`"
        case .unusableFile: return "remove or replace the file"
        case .notAnImageFile: return "give the path of a PNG or JPEG file"
        case .emptyFile: return "re-copy the file or remove it"
        case .misnamedImage(_, let format, _): return "rename it to .\(format == "PNG" ? "png" : "jpg")"
        case .unknownImageFormat: return "convert it to PNG or JPEG, or remove it"
        case .undecodableImage: return reexport
        case .noDecodingThread: return "raise the process's thread limit"
        case .emptyImage: return "check that the file is a real image"
        case .imageTooLarge: return "raise `\(PixelBudget.key)` if the image is meant to be this large"
        case .beyondLibpngLimit(_, _, _, let limit):
            return "split or resize the image so that no side exceeds \(grouped(limit)) pixels"
        case .sizeMismatch: return "resize the file, or remove `size` and add a resize transform"
        case .channelMismatch: return "convert the file, or remove `channels` and add a grayscale or rgb transform"
        case .unevenImage: return "add a resize or center_crop transform so every image has one size"
        case .imageDoesNotFitModel: return "give images like the ones the model was trained on"
        case .overMemoryBudget:
            return
                "check that the file is the intended data; no setting raises this limit, a machine with more memory does"
        case .inflatesTooFar: return "check that the file is the intended data"
        case .truncatedCompression, .corruptCompression: return "download or copy the file again"
        case .zlibUnavailable: return "check the zlib installation"
        case .missingIDXFiles:
            return "point `path` at the folder holding the IDX files (Debian: install dataset-fashion-mnist)"
        case .idxSizeOverflow, .idxSizeMismatch, .idxMagic, .idxShortHeader: return idxFix
        case .idxElementType: return "only unsigned-byte IDX files are supported"
        case .idxRank: return swappedIDX
        case .idxCountMismatch(_, _, _, let imagesFile): return "use the label file that belongs to \(imagesFile)"
        case .tooFewClassNames: return "give one `class_names` entry per label value"
        case .missingFolder: return "check the data set `path`"
        case .noClassFolders: return "put each class's images in a sub-folder named after the class"
        case .unknownClassFolder: return "use the same class folders in every split"
        case .emptyClassFolder(_, let name, let classesSelected):
            return classesSelected
                ? "add images of class '\(name)', or leave it out of `classes`"
                : "add images of class '\(name)', or remove the folder"
        case .sheetNotTiled: return "set `tile` to [height, width] of one tile"
        case .sheetRowsUneven(_, let rows, _): return "set `classes` to a divisor of \(rows)"
        case .missingTile: return "add the tile size"
        case .unknownDatasetType: return "use folder, csv, idx, sheet or synthetic"
        case .missingPath: return "add `path:`"
        case .manifestHeader: return "add the line `path,label`"
        case .integerLabelsTooLarge: return "number the classes from 0 without gaps, or use class names"
        case .manifestFieldCount: return "quote fields that contain commas"
        case .manifestEmptyLabel: return "write the image's class in the `label` column, or remove the row"
        case .manifestUnknownLabel(_, _, _, let classes): return "use one of: \(classes.joined(separator: ", "))"
        case .manifestMissingFile: return "fix the row's path or remove the row"
        case .datasetFile(_, _, _, let hint): return hint ?? "see the data set keys in the pipeline reference"
        case .tooManyClasses(_, _, let available): return "use at most \(available)"
        case .unknownClass(_, _, let available):
            return "use a name or index of: \(available.enumerated().map { "\($0) \($1)" }.joined(separator: ", "))"
        case .classSelectedTwice: return "list each class once"
        case .classWithoutImages(_, let name, _): return "add images of class '\(name)', or leave it out of `classes`"
        case .emptySplit: return "check the split rules"
        case .emptyTrainingSplit: return "check the class selection and the split rules"
        case .missingSourceSplit(_, _, let source):
            return "give `\(source)_path`, or draw the split with per_class, fraction or last_per_class"
        case .splitLimit: return "lower the limit"
        case .splitPerClass(_, _, let key, _, _, _): return "lower \(key), or check the class selection"
        case .badFiles(let first, _): return first.fix + ", or set `on_error: skip` to leave bad files out"
        case .tooManyBadFiles: return "repair the data, or raise `max_bad_fraction`"
        }
    }

    /// `1,000,000`.
    private static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        return stride(from: digits.count, to: 0, by: -3).reversed().map { String(digits[max(0, $0 - 3)..<$0]) }.joined(
            separator: ",")
    }

    /// `caf\u{E9}`: the name with every scalar beyond ASCII written as its code point.
    private static func scalars(_ name: String) -> String {
        name.unicodeScalars.map {
            $0.isASCII ? String($0) : "\\u{" + String($0.value, radix: 16, uppercase: true) + "}"
        }.joined()
    }

    private static func dims(_ values: [Int]) -> String { values.map(String.init).joined(separator: "x") }

    private static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    /// Why names that differ only in Unicode normalisation are refused, each shown with its code points.
    private static func normalisationClash(_ names: [String]) -> String {
        names.map { "'\($0)' (\(scalars($0)))" }.joined(separator: " and ")
            + " differ only in Unicode normalisation (NFC and NFD spellings of one name); tlrun compares names by canonical "
            + "equivalence, so they would be one class, while torchvision would see two classes that look alike"
    }
}
