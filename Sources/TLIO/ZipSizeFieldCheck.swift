import Foundation

/// Refuses zip archives whose 64-bit (ZIP64) offsets and sizes are too large to seek to, before ZIPFoundation reads
/// them: ZIPFoundation 0.9.20 converts such values to `off_t` and adds them unchecked, which traps.
///
/// It visits the records ZIPFoundation reads while it opens an archive and lists its entries, found the same way:
/// the last end-of-central-directory signature, the ZIP64 record just before it, each central-directory entry, its
/// local header and its ZIP64 data descriptor. Every 64-bit value in them must be below `limit`, which leaves room
/// for the sums ZIPFoundation forms.
struct ZipSizeFieldCheck {
    /// Largest accepted 64-bit field (4 EiB: any real archive's offsets and sizes are far below it).
    static let limit: UInt64 = 1 << 62

    private static let endRecordSignature: UInt32 = 0x0605_4b50
    private static let zip64EndRecordSignature: UInt32 = 0x0606_4b50
    private static let entrySignature: UInt32 = 0x0201_4b50
    private static let localHeaderSignature: UInt32 = 0x0403_4b50
    private static let zip64ExtraFieldID: UInt16 = 0x0001
    private static let entryHeaderSize = 46
    private static let localHeaderSize = 30
    private static let zip64EndRecordSize = 56
    private static let zip64LocatorSize = 20

    private let bytes: Data

    /// Checks the file at `path`; throws `WeightsFileError` naming the field that is out of range.
    static func check(path: String) throws {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw WeightsFileError.unreadable(file: path, reason: error.localizedDescription)
        }
        if let field = ZipSizeFieldCheck(bytes: bytes).firstOversizedField() {
            throw WeightsFileError.archive(
                file: path,
                problem: "the zip archive's \(field) is larger than any file can be (the archive is damaged)")
        }
    }

    /// The first 64-bit field at or over `limit`, described for a message; nil when all are in range.
    func firstOversizedField() -> String? {
        guard let endRecord = lastEndRecordOffset() else { return nil }
        var directoryStarts = [UInt64(readUInt32(endRecord + 16) ?? 0)]
        var entryCount = UInt64(readUInt16(endRecord + 10) ?? 0)
        let zip64Record = endRecord - Self.zip64LocatorSize - Self.zip64EndRecordSize
        if zip64Record >= 0, readUInt32(zip64Record) == Self.zip64EndRecordSignature {
            for (offset, name) in [
                (24, "ZIP64 entry count on disk"), (32, "ZIP64 entry count"),
                (40, "ZIP64 central directory size"), (48, "ZIP64 central directory offset"),
            ] {
                if let value = readUInt64(zip64Record + offset), value >= Self.limit { return name }
            }
            directoryStarts.append(readUInt64(zip64Record + 48) ?? 0)
            entryCount = max(entryCount, readUInt64(zip64Record + 32) ?? 0)
        }
        let mostEntries = UInt64(bytes.count / Self.entryHeaderSize + 1)
        for start in directoryStarts {
            if let field = firstOversizedField(directoryStart: Int(start), entryCount: min(entryCount, mostEntries)) {
                return field
            }
        }
        return nil
    }

    /// Walks the central directory from `directoryStart` as ZIPFoundation's entry iterator does.
    private func firstOversizedField(directoryStart: Int, entryCount: UInt64) -> String? {
        var position = directoryStart
        var index: UInt64 = 0
        while index < entryCount, readUInt32(position) == Self.entrySignature,
            let nameLength = readUInt16(position + 28), let extraLength = readUInt16(position + 30),
            let commentLength = readUInt16(position + 32)
        {
            let extraStart = position + Self.entryHeaderSize + Int(nameLength)
            guard let block = zip64Block(extraStart: extraStart, length: Int(extraLength)) else { return nil }
            if block.values.contains(where: { $0 >= Self.limit }) { return "entry \(index) ZIP64 size or offset" }
            if let field = firstOversizedLocalField(entry: position, block: block, index: index) { return field }
            position = extraStart + Int(extraLength) + Int(commentLength)
            index += 1
        }
        return nil
    }

    /// Checks the local header an entry points at and, for a ZIP64 entry with a data descriptor, that descriptor.
    private func firstOversizedLocalField(entry: Int, block: Zip64Block, index: UInt64) -> String? {
        guard let version = readUInt16(entry + 6), let flags = readUInt16(entry + 8),
            let method = readUInt16(entry + 10), let compressed32 = readUInt32(entry + 20),
            let uncompressed32 = readUInt32(entry + 24), let disk = readUInt16(entry + 34),
            let offset32 = readUInt32(entry + 42)
        else { return nil }
        let present = [uncompressed32 == .max, compressed32 == .max, offset32 == .max]
        let expectedSize = 8 * present.filter { $0 }.count + (disk == .max ? 4 : 0)
        var values = block.size == expectedSize ? block.values[...] : []
        let zip64 = present.map { $0 && !values.isEmpty ? values.removeFirst() : 0 }
        let isZip64 = version & 0xff >= 45 || block.size == expectedSize && block.found
        let effective = { (wide: UInt64, narrow: UInt32) in isZip64 && wide > 0 ? wide : UInt64(narrow) }
        let localHeader = Int(effective(zip64[2], offset32))
        guard readUInt32(localHeader) == Self.localHeaderSignature,
            let nameLength = readUInt16(localHeader + 26), let extraLength = readUInt16(localHeader + 28)
        else {
            return nil
        }
        let extraStart = localHeader + Self.localHeaderSize + Int(nameLength)
        let localBlock = zip64Block(extraStart: extraStart, length: Int(extraLength))
        if localBlock?.values.contains(where: { $0 >= Self.limit }) == true {
            return "entry \(index) local header ZIP64 size"
        }
        guard flags & 0x0008 != 0, isZip64 else { return nil }
        let dataSize = method != 0 ? effective(zip64[1], compressed32) : effective(zip64[0], uncompressed32)
        var descriptor = extraStart + Int(extraLength) + Int(dataSize)
        if readUInt32(descriptor) == 0x0807_4b50 { descriptor += 4 }
        for field in [4, 12] {
            if let value = readUInt64(descriptor + field), value >= Self.limit {
                return "entry \(index) data descriptor size"
            }
        }
        return nil
    }

    /// The first ZIP64 extra field of an extra-field area, found as ZIPFoundation finds it.
    private struct Zip64Block {
        /// Whether the area has one.
        var found = false
        /// Its data size in bytes.
        var size = 0
        /// Every whole 64-bit value in its data.
        var values: [UInt64] = []
    }

    /// The ZIP64 field of the extra-field area at `extraStart`; nil when the area runs past the end of the file.
    private func zip64Block(extraStart: Int, length: Int) -> Zip64Block? {
        guard extraStart >= 0, extraStart <= bytes.count - length else { return nil }
        var offset = 0
        while offset < length - 4 {
            guard let identifier = readUInt16(extraStart + offset), let size = readUInt16(extraStart + offset + 2),
                offset + 4 + Int(size) <= length
            else { return Zip64Block() }
            if identifier == Self.zip64ExtraFieldID {
                let values = stride(from: 0, through: Int(size) - 8, by: 8).compactMap {
                    readUInt64(extraStart + offset + 4 + $0)
                }
                return Zip64Block(found: true, size: Int(size), values: values)
            }
            offset += 4 + Int(size)
        }
        return Zip64Block()
    }

    /// The offset of the last end-of-central-directory signature, where ZIPFoundation's backwards scan stops.
    private func lastEndRecordOffset() -> Int? {
        var position = bytes.count - 22
        while position >= 0 {
            if readUInt32(position) == Self.endRecordSignature { return position }
            position -= 1
        }
        return nil
    }

    private func readUInt16(_ offset: Int) -> UInt16? { readLittleEndian(offset, as: UInt16.self) }
    private func readUInt32(_ offset: Int) -> UInt32? { readLittleEndian(offset, as: UInt32.self) }
    private func readUInt64(_ offset: Int) -> UInt64? { readLittleEndian(offset, as: UInt64.self) }

    private func readLittleEndian<Value: FixedWidthInteger>(_ offset: Int, as type: Value.Type) -> Value? {
        let size = MemoryLayout<Value>.size
        guard offset >= 0, offset <= bytes.count - size else { return nil }
        var value: Value = 0
        for byte in (0..<size).reversed() {
            value = value << 8 | Value(bytes[bytes.startIndex + offset + byte])
        }
        return value
    }
}
