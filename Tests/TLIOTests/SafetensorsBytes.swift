import Foundation

/// Hand-assembled safetensors files for tests: length field, header text, data bytes.
enum SafetensorsBytes {
    /// A file whose length field says `declaredLength` (default: the header's real length).
    static func make(header: String, data: [UInt8], declaredLength: UInt64? = nil) -> Data {
        let headerBytes = Array(header.utf8)
        var file = Data()
        withUnsafeBytes(of: (declaredLength ?? UInt64(headerBytes.count)).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: headerBytes)
        file.append(contentsOf: data)
        return file
    }

    /// Little-endian bytes of fixed-width integers (or bit patterns).
    static func littleEndian<Integer: FixedWidthInteger>(_ values: [Integer]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }
}
