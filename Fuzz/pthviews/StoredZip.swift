/// Writes a zip archive of stored (uncompressed) entries, with zero CRC-32s as torch.save may write them.
enum StoredZip {
    /// The archive holding `entries` (path → bytes), in path order.
    static func archive(_ entries: [String: [UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        var directory: [UInt8] = []
        for (path, contents) in entries.sorted(by: { $0.key < $1.key }) {
            let name = Array(path.utf8)
            let offset = UInt32(bytes.count)
            let sizes = littleEndian(UInt32(contents.count)) + littleEndian(UInt32(contents.count))
            let common =
                littleEndian(UInt16(20)) + [0, 0, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0] + sizes
                + littleEndian(UInt16(name.count)) + [0, 0]
            bytes += [0x50, 0x4b, 0x03, 0x04] + common + name + contents
            directory +=
                [0x50, 0x4b, 0x01, 0x02] + littleEndian(UInt16(20)) + common + [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
                + littleEndian(offset) + name
        }
        let count = littleEndian(UInt16(entries.count))
        return bytes + directory + [0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0] + count + count
            + littleEndian(UInt32(directory.count)) + littleEndian(UInt32(bytes.count)) + [0, 0]
    }
}
