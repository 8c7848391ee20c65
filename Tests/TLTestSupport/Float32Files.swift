import Foundation

/// Raw little-endian float32 files, the exchange format between the tests and the Python checks they run.
public enum Float32Files {
    /// Writes `values` to `path`.
    public static func write(_ values: [Float], to path: String) throws {
        try Data(values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }).write(
            to: URL(fileURLWithPath: path))
    }

    /// The values in the file at `path`.
    public static func read(_ path: String) throws -> [Float] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return stride(from: 0, to: data.count - 3, by: 4).map {
            Float(
                bitPattern: UInt32(
                    littleEndian: data[$0..<$0 + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
        }
    }
}
