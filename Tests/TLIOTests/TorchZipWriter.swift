import Foundation
import ZIPFoundation

/// Writes `torch.save`-style zip archives (uncompressed records in one folder) for tests.
enum TorchZipWriter {
    /// Writes `pickle` as `<folder>/data.pkl` (no folder when `folder` is empty) and each storage as `<folder>/data/<key>` to
    /// `path`; the storages named in `deflated` are compressed.
    static func write(
        to path: String, pickle: [UInt8], storages: [String: Data],
        byteOrder: String? = "little", folder: String = "archive", deflated: Set<String> = []
    ) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let prefix = folder.isEmpty ? "" : folder + "/"
        try add(Data(pickle), as: prefix + "data.pkl", to: archive)
        if let byteOrder { try add(Data(byteOrder.utf8), as: prefix + "byteorder", to: archive) }
        for key in storages.keys.sorted() {
            try add(storages[key]!, as: prefix + "data/\(key)", to: archive, compressed: deflated.contains(key))
        }
        try add(Data("3\n".utf8), as: prefix + "version", to: archive)
    }

    /// Little-endian Float32 bytes.
    static func floatBytes(_ values: [Float]) -> Data {
        Data(SafetensorsBytes.littleEndian(values.map(\.bitPattern)))
    }

    /// Sets every CRC-32 field to zero, as `torch.save` does with `compute_crc32` turned off.
    static func zeroChecksums(path: String) throws {
        let url = URL(fileURLWithPath: path)
        var bytes = try Data(contentsOf: url)
        for (signature, crcOffset) in [([UInt8]([0x50, 0x4b, 0x03, 0x04]), 14), ([0x50, 0x4b, 0x01, 0x02], 16)] {
            var searchStart = bytes.startIndex
            while let found = bytes[searchStart...].firstRange(of: Data(signature)) {
                bytes.replaceSubrange(
                    (found.lowerBound + crcOffset)..<(found.lowerBound + crcOffset + 4), with: [0, 0, 0, 0])
                searchStart = found.upperBound
            }
        }
        try bytes.write(to: url)
    }

    /// Makes the central directory claim `size` bytes (compressed and uncompressed) for `record`.
    static func patchCentralDirectorySizes(path: String, record: String, size: UInt32) throws {
        let url = URL(fileURLWithPath: path)
        var bytes = try Data(contentsOf: url)
        var searchStart = bytes.startIndex
        while let found = bytes[searchStart...].firstRange(of: Data([0x50, 0x4b, 0x01, 0x02])) {
            let header = found.lowerBound
            let nameLength = Int(bytes[header + 28]) | Int(bytes[header + 29]) << 8
            if bytes[(header + 46)..<(header + 46 + nameLength)] == Data(record.utf8) {
                let sizeBytes = SafetensorsBytes.littleEndian([size])
                bytes.replaceSubrange((header + 20)..<(header + 28), with: sizeBytes + sizeBytes)
            }
            searchStart = found.upperBound
        }
        try bytes.write(to: url)
    }

    private static func add(_ data: Data, as path: String, to archive: Archive, compressed: Bool = false) throws {
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(data.count),
            compressionMethod: compressed ? .deflate : .none, bufferSize: 1 << 20
        ) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
    }
}
