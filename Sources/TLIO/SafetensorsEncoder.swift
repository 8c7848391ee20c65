import Foundation
import TLFiles

/// Builds safetensors bytes: space-padded JSON header, then tensors in name order, little-endian.
enum SafetensorsEncoder {
    private static let source = "safetensors encoder"

    /// The encoded file; throws `WeightsFileError` for duplicate names or values that do not fit the shape.
    static func encode(_ tensors: [StoredTensor], metadata: [String: String]) throws -> Data {
        let ordered = tensors.sorted { $0.name < $1.name }
        try validate(ordered)
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { JSONText.quoted($0) + ":" + JSONText.quoted(metadata[$0]!) }
            fields.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for tensor in ordered {
            let byteCount = tensor.elementCount * elementSize(tensor.values)
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append(
                JSONText.quoted(tensor.name) + ":{\"dtype\":\"\(SafetensorsDType.name(for: tensor.values))\","
                    + "\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + byteCount)]}")
            offset += byteCount
        }
        var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
        header += Array(repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        guard header.count <= SafetensorsHeader.maximumHeaderLength else {
            throw WeightsFileError.encoding(
                file: source,
                problem:
                    "the header would be \(header.count) bytes, over the \(SafetensorsHeader.maximumHeaderLength)-byte limit readers accept"
            )
        }
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for tensor in ordered {
            appendLittleEndian(tensor.values, to: &data)
        }
        return data
    }

    private static func validate(_ ordered: [StoredTensor]) throws {
        for (index, tensor) in ordered.enumerated() {
            if tensor.name == "__metadata__" {
                throw WeightsFileError.encoding(file: source, problem: "a tensor cannot be named __metadata__")
            }
            if index > 0, ordered[index - 1].name == tensor.name {
                throw WeightsFileError.encoding(file: source, problem: "two tensors are named '\(tensor.name)'")
            }
            guard let elements = CheckedSize.product(tensor.shape), elements == valueCount(tensor.values) else {
                throw WeightsFileError.encoding(
                    file: source,
                    problem: "tensor '\(tensor.name)' has shape \(tensor.shape) but \(valueCount(tensor.values)) values"
                )
            }
        }
    }

    private static func valueCount(_ values: StoredTensor.Values) -> Int {
        switch values {
        case .float32(let floats): return floats.count
        case .int64(let integers): return integers.count
        }
    }

    private static func elementSize(_ values: StoredTensor.Values) -> Int {
        switch values {
        case .float32: return 4
        case .int64: return 8
        }
    }

    private static func appendLittleEndian(_ values: StoredTensor.Values, to data: inout Data) {
        switch values {
        case .float32(let floats):
            if ByteOrder.host == .little {
                floats.withUnsafeBytes { data.append(contentsOf: $0) }
            } else {
                for value in floats {
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
                }
            }
        case .int64(let integers):
            if ByteOrder.host == .little {
                integers.withUnsafeBytes { data.append(contentsOf: $0) }
            } else {
                for value in integers { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
            }
        }
    }
}
