import Foundation
import ZIPFoundation

/// The records of a `torch.save` zip archive: `<folder>/data.pkl`, `<folder>/data/<key>`, `<folder>/byteorder`.
final class TorchZipArchive {
    /// Largest `data.pkl` accepted.
    static let maximumPickleBytes = 256 << 20
    /// Read size for compressed records (stored ones are read in one piece).
    private static let chunkSize = 1 << 20

    let path: String
    /// The folder every record lives in (the name of the archive's first entry's folder).
    let folder: String
    /// The byte order of the storages, from `<folder>/byteorder` (little when absent).
    private(set) var byteOrder = ByteOrder.little
    private let archive: Archive
    private let fileSize: UInt64
    private var entries: [String: Entry] = [:]

    /// Opens the archive at `path`; throws `WeightsFileError` for a missing file or a malformed archive.
    init(path: String) throws {
        self.path = path
        try WeightsFileError.refuseIrregularFile(path)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = (attributes?[.size] as? NSNumber)?.uint64Value else {
            throw WeightsFileError.unreadable(file: path, reason: nil)
        }
        fileSize = size
        try Self.checkZipSignature(path: path)
        try ZipSizeFieldCheck.check(path: path)
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw WeightsFileError.archive(
                file: path, problem: "not a valid zip archive (\(error)); the file may be truncated")
        }
        var firstPath: String?
        for entry in archive {
            firstPath = firstPath ?? entry.path
            entries[entry.path] = entries[entry.path] ?? entry
        }
        guard let first = firstPath else {
            throw WeightsFileError.archive(
                file: path, problem: "the zip archive lists no readable entries (it may be damaged)")
        }
        guard let slash = first.firstIndex(of: "/") else {
            throw WeightsFileError.archive(
                file: path,
                problem: "the zip archive's first entry '\(first)' is not in a folder (not a torch.save file)")
        }
        folder = String(first[..<slash])
        byteOrder = try readByteOrder()
    }

    /// The bytes of `<folder>/data.pkl`.
    func pickleBytes() throws -> Data {
        guard let entry = entries[folder + "/data.pkl"] else {
            throw failure("the archive has no \(folder)/data.pkl")
        }
        guard entry.uncompressedSize <= UInt64(Self.maximumPickleBytes) else {
            throw failure(
                "\(folder)/data.pkl is \(entry.uncompressedSize) bytes, over the \(Self.maximumPickleBytes)-byte limit")
        }
        return try read(entry, record: "data.pkl")
    }

    /// The bytes of storage `data/<key>`, which must hold exactly `byteCount` bytes.
    func storageBytes(key: String, byteCount: Int) throws -> Data {
        try read(try storageEntry(key: key, byteCount: byteCount), record: "data/" + key)
    }

    /// The record of storage `data/<key>`, checked to declare exactly `byteCount` bytes (nothing is read).
    @discardableResult
    func storageEntry(key: String, byteCount: Int) throws -> Entry {
        guard let entry = entries[folder + "/data/" + key] else {
            throw failure("the archive has no storage record data/\(key)")
        }
        guard entry.uncompressedSize == UInt64(byteCount) else {
            throw failure(
                "storage data/\(key) holds \(entry.uncompressedSize) bytes, "
                    + "but its declared element count needs \(byteCount)")
        }
        return entry
    }

    private static func checkZipSignature(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw WeightsFileError.unreadable(file: path, reason: nil)
        }
        defer { try? handle.close() }
        let signature = (try? handle.read(upToCount: 4)) ?? nil
        guard signature == Data([0x50, 0x4b, 0x03, 0x04]) else {
            throw WeightsFileError.notZipArchive(file: path)
        }
    }

    private func readByteOrder() throws -> ByteOrder {
        guard let entry = entries[folder + "/byteorder"] else { return .little }
        guard entry.uncompressedSize <= 16 else { throw failure("byteorder record is too long") }
        let text = String(decoding: try read(entry, record: "byteorder"), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        switch text {
        case "little": return .little
        case "big": return .big
        default: throw failure("byteorder record says '\(text)', expected 'little' or 'big'")
        }
    }

    /// A whole entry, size-checked against the file; CRC-32s are not verified (torch.save may omit them).
    private func read(_ entry: Entry, record: String) throws -> Data {
        guard entry.type == .file else { throw failure("\(record) is not a file in the archive") }
        let size = entry.uncompressedSize
        guard entry.compressedSize <= fileSize, entry.isCompressed || size <= fileSize else {
            throw failure("\(record) claims \(size) bytes, more than the \(fileSize)-byte file holds")
        }
        let bufferSize = entry.isCompressed ? Self.chunkSize : max(1, Int(size))
        var contents = Data()
        do {
            _ = try archive.extract(entry, bufferSize: bufferSize, skipCRC32: true) { chunk in
                guard UInt64(contents.count + chunk.count) <= size else { throw ArchiveReadOverrun() }
                if contents.isEmpty { contents = chunk } else { contents.append(chunk) }
            }
        } catch {
            throw failure("cannot read \(record) (\(error))")
        }
        guard UInt64(contents.count) == size else {
            throw failure("\(record) is truncated: \(contents.count) of \(size) bytes present")
        }
        return contents
    }

    private func failure(_ message: String) -> WeightsFileError {
        WeightsFileError.archive(file: path, problem: message)
    }
}

/// An entry produced more bytes than it declared.
private struct ArchiveReadOverrun: Error, CustomStringConvertible {
    var description: String { "more data than the entry declares" }
}
