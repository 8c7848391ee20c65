import Foundation
import TLFiles

/// The contents of a safetensors file: its tensors (sorted by name) and its `__metadata__`.
public struct SafetensorsFile: Sendable {
    public var tensors: [StoredTensor]
    public var metadata: [String: String]

    /// Creates file contents from tensors and metadata.
    public init(tensors: [StoredTensor], metadata: [String: String]) {
        self.tensors = tensors
        self.metadata = metadata
    }
}

/// Reads and writes the safetensors format (8-byte header length, JSON header, raw little-endian data).
public enum Safetensors {
    /// Reads the file at `path` (memory-mapped); throws `WeightsFileError`.
    public static func read(path: String) throws -> SafetensorsFile {
        try WeightsFileError.refuseIrregularFile(path)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw WeightsFileError.unreadable(file: path, reason: error.localizedDescription)
        }
        return try read(data: data, name: path)
    }

    /// Reads safetensors bytes; `name` identifies them in errors. Throws `WeightsFileError`.
    public static func read(data: Data, name: String) throws -> SafetensorsFile {
        try data.withUnsafeBytes { bytes in
            let header = try SafetensorsHeader.parse(bytes, file: name)
            let tensors = header.entries.sorted { $0.name < $1.name }.map { entry in
                let start = header.dataStart + entry.byteRange.lowerBound
                let end = header.dataStart + entry.byteRange.upperBound
                let values = TensorElementDecoder.decode(
                    UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: entry.elementType, byteOrder: .little)
                return StoredTensor(
                    name: entry.name, shape: entry.shape, values: values, storedType: entry.elementType.name)
            }
            return SafetensorsFile(tensors: tensors, metadata: header.metadata)
        }
    }

    /// Writes `tensors` (F32 / I64, sorted by name) and `metadata` to `path` atomically. Throws `WeightsFileError`.
    public static func write(_ tensors: [StoredTensor], metadata: [String: String], to path: String) throws {
        let data: Data
        do {
            data = try encode(tensors, metadata: metadata)
        } catch let error as WeightsFileError {
            throw error.at(path)
        }
        try AtomicFileWriter.write(data, to: path)
    }

    /// The safetensors bytes for `tensors` and `metadata`; throws `WeightsFileError` for inconsistent tensors.
    public static func encode(_ tensors: [StoredTensor], metadata: [String: String]) throws -> Data {
        try SafetensorsEncoder.encode(tensors, metadata: metadata)
    }
}
