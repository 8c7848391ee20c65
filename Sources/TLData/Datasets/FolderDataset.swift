import Foundation

/// Reads an ImageFolder layout: one sub-folder per class (sorted by name), PNG and JPEG files at any depth.
enum FolderDataset {
    /// What a scan found: class names, image files, class folders without images, and how many other files.
    typealias Scan = (
        classNames: [String], samples: [Sample], emptyClasses: [(name: String, folder: String)], ignored: Int
    )

    /// The class names (sorted sub-folders of `root`), the image files under each in walk order, and the class
    /// folders without images (name and path). A sub-folder whose name is not UTF-8, and two whose names differ only in
    /// Unicode normalisation, are errors.
    static func scan(root: String, classNames known: [String]? = nil) throws -> Scan {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataError.missingFolder(path: root)
        }
        let entries = (try? manager.contentsOfDirectory(atPath: root)) ?? []
        for entry in entries {
            if let problem = FileNameBytes.problem(
                listedPath: (root as NSString).appendingPathComponent(entry), foldersOnly: true)
            {
                throw problem
            }
        }
        let folders = entries.filter { name in
            var isFolder: ObjCBool = false
            return !name.hasPrefix(".")
                && manager.fileExists(atPath: (root as NSString).appendingPathComponent(name), isDirectory: &isFolder)
                && isFolder.boolValue
        }.sorted(by: codePointOrder)
        guard !folders.isEmpty else {
            throw DataError.noClassFolders(path: root)
        }
        if let clash = Dictionary(grouping: folders, by: { $0 }).values.filter({ $0.count > 1 }).min(by: {
            codePointOrder($0[0], $1[0])
        }) {
            throw DataError.classFoldersClash(root: root, names: clash)
        }
        let classNames = known ?? folders
        if let extra = folders.first(where: { !classNames.contains($0) }) {
            throw DataError.unknownClassFolder(path: (root as NSString).appendingPathComponent(extra), name: extra)
        }
        var samples: [Sample] = [], empty: [(name: String, folder: String)] = [], ignored = 0
        for name in folders {
            let folder = (root as NSString).appendingPathComponent(name)
            // Every entry but folders: a broken link or a FIFO named like an image is a bad file, not silently left out.
            let files = (manager.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter { relative in
                var isFolder: ObjCBool = false
                return
                    !(manager.fileExists(
                        atPath: (folder as NSString).appendingPathComponent(relative), isDirectory: &isFolder)
                    && isFolder.boolValue)
            }
            let images = files.filter(ImageDecoder.isImagePath).sorted(by: walkOrder)
            ignored += files.count - images.count
            if images.isEmpty { empty.append((name, folder)) }
            let label = classNames.firstIndex(of: name)!
            samples += images.map {
                Sample(location: (folder as NSString).appendingPathComponent($0), item: 0, label: label)
            }
        }
        return (
            classNames, samples.enumerated().map { Sample(location: $1.location, item: $0, label: $1.label) }, empty,
            ignored
        )
    }

    /// Python's string order (by code point), as torchvision sorts class folders.
    static func codePointOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    /// os.walk order with sorted names: a folder's files by directory, then name.
    private static func walkOrder(_ a: String, _ b: String) -> Bool {
        let da = (a as NSString).deletingLastPathComponent, db = (b as NSString).deletingLastPathComponent
        return da == db ? codePointOrder(a, b) : codePointOrder(da, db)
    }
}
