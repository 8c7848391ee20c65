import Foundation
import TLFiles

/// One tensor's entry in a safetensors header, after validation.
struct SafetensorsEntry {
    var name: String
    var elementType: TensorElementType
    var shape: [Int]
    /// Byte range inside the data buffer that follows the header.
    var byteRange: Range<Int>
}

/// The validated header of a safetensors file: where each tensor lies and the metadata.
struct SafetensorsHeader {
    /// Largest header accepted, as in the reference implementation.
    static let maximumHeaderLength = 100_000_000
    /// Most tensors accepted in one file: torchvision's networks have a few hundred, a language-model shard a few
    /// thousand. The count is read from the header's text before it is decoded, so that a header of a million
    /// entries (within the length limit) is refused at once instead of decoding for tens of seconds.
    static let maximumTensors = 50_000

    var entries: [SafetensorsEntry]
    var metadata: [String: String]
    /// Offset of the data buffer from the start of the file.
    var dataStart: Int

    /// Parses and checks the header of `file` (its bytes in `bytes`); throws `WeightsFileError`.
    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> SafetensorsHeader {
        func failure(_ message: String) -> WeightsFileError {
            WeightsFileError.safetensorsHeader(file: file, problem: message)
        }
        guard bytes.count >= 8 else {
            throw failure("file is \(bytes.count) bytes, too short for the 8-byte header length")
        }
        let declaredLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard declaredLength <= UInt64(maximumHeaderLength) else {
            throw failure("header length \(declaredLength) exceeds the limit of \(maximumHeaderLength) bytes")
        }
        let headerLength = Int(declaredLength)
        guard headerLength <= bytes.count - 8 else {
            throw failure(
                "header length \(headerLength) runs past the end of the file "
                    + "(\(bytes.count - 8) bytes follow the length field)")
        }
        let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[8..<(8 + headerLength)])
        guard headerBytes.first == UInt8(ascii: "{") else {
            throw failure("header does not start with '{'")
        }
        // The header is read in place (no copy): `bytes` outlives this call.
        let headerData = Data(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: headerBytes.baseAddress!), count: headerLength,
            deallocator: .none)
        let keys = JSONTopLevelKeys.keys(headerData, atMost: maximumTensors + 1)  // one more for `__metadata__`
        guard let keys, keys.count - (keys.contains("__metadata__") ? 1 : 0) <= maximumTensors else {
            throw failure(
                "header lists more than \(maximumTensors) tensors, more than any network tlrun reads has "
                    + "(check that this is a weights file)")
        }
        let json = try decodeJSON(headerData, failure: failure)
        if let repeated = JSONTopLevelKeys.firstDuplicate(keys) {
            throw failure(
                "header names '\(repeated)' more than once; readers disagree on which entry counts, "
                    + "so the file is refused (write each tensor name once)")
        }
        let bufferLength = bytes.count - 8 - headerLength
        let entries = try json.tensors.map { try validatedEntry(name: $0.key, $0.value, failure: failure) }
        try checkLayout(entries, bufferLength: bufferLength, failure: failure)
        return SafetensorsHeader(entries: entries, metadata: json.metadata, dataStart: 8 + headerLength)
    }

    private static func decodeJSON(
        _ data: Data,
        failure: (String) -> WeightsFileError
    ) throws -> SafetensorsHeaderJSON {
        do {
            return try JSONDecoder().decode(SafetensorsHeaderJSON.self, from: data)
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw failure("header entry '\(codingPath(context))' is invalid: \(context.debugDescription)")
        } catch DecodingError.dataCorrupted {
            throw failure("header is not valid JSON")
        } catch let DecodingError.typeMismatch(type, context) {
            throw failure("header entry '\(codingPath(context))' has the wrong type: expected \(kind(of: type))")
        } catch let DecodingError.valueNotFound(type, context) {
            throw failure("header entry '\(codingPath(context))' is null: expected \(kind(of: type))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw failure("header entry '\(codingPath(context))' lacks \"\(key.stringValue)\"")
        } catch {
            throw failure("header cannot be decoded: \(error)")
        }
    }

    /// Where in the header a decoding problem is, as a person writes it: `w.data_offsets[0]`.
    private static func codingPath(_ context: DecodingError.Context) -> String {
        context.codingPath.reduce("") { path, key in
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") { return path + "[\(index)]" }
            return path.isEmpty ? key.stringValue : path + "." + key.stringValue
        }
    }

    /// What a JSON value of Swift type `type` is called in a message.
    private static func kind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is UInt64.Type, is UInt.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is [Any].Type, is [Int].Type, is [Int64].Type, is [UInt64].Type, is [String].Type: return "a list"
        default: return String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }

    private static func validatedEntry(
        name: String, _ raw: SafetensorsTensorJSON,
        failure: (String) -> WeightsFileError
    ) throws -> SafetensorsEntry {
        guard let elementType = SafetensorsDType.elementType(named: raw.dtype) else {
            let kind = SafetensorsDType.knownNames.contains(raw.dtype) ? "unsupported" : "unknown"
            throw failure("tensor '\(name)' has \(kind) dtype \(raw.dtype); tlrun reads F32, F16, BF16, F64 and I64")
        }
        if let negative = raw.shape.first(where: { $0 < 0 }) {
            throw failure("tensor '\(name)' has negative dimension \(negative) in shape \(raw.shape)")
        }
        guard raw.dataOffsets.count == 2 else {
            throw failure("tensor '\(name)' has \(raw.dataOffsets.count) data_offsets, expected [begin, end]")
        }
        let (begin, end) = (raw.dataOffsets[0], raw.dataOffsets[1])
        guard begin >= 0, begin <= end else {
            throw failure("tensor '\(name)' has invalid data_offsets [\(begin), \(end)]")
        }
        guard let elements = CheckedSize.product(raw.shape),
            let byteCount = CheckedSize.multiply(elements, elementType.byteSize)
        else {
            throw failure("tensor '\(name)' shape \(raw.shape) is too large")
        }
        guard end - begin == byteCount else {
            throw failure(
                "tensor '\(name)' data_offsets [\(begin), \(end)] span \(end - begin) bytes, "
                    + "but shape \(raw.shape) of \(raw.dtype) needs \(byteCount)")
        }
        return SafetensorsEntry(name: name, elementType: elementType, shape: raw.shape, byteRange: begin..<end)
    }

    private static func checkLayout(
        _ entries: [SafetensorsEntry], bufferLength: Int,
        failure: (String) -> WeightsFileError
    ) throws {
        if let outside = entries.first(where: { $0.byteRange.upperBound > bufferLength }) {
            throw failure(
                "tensor '\(outside.name)' data_offsets end at \(outside.byteRange.upperBound), "
                    + "past the end of the \(bufferLength)-byte data buffer")
        }
        let ordered = entries.sorted {
            ($0.byteRange.lowerBound, $0.byteRange.upperBound) < ($1.byteRange.lowerBound, $1.byteRange.upperBound)
        }
        var expectedBegin = 0
        var previousName: String?
        for entry in ordered {
            let begin = entry.byteRange.lowerBound
            if begin > expectedBegin {
                throw failure(
                    "gap of \(begin - expectedBegin) bytes before tensor '\(entry.name)' "
                        + "(data_offsets must be contiguous)")
            }
            if begin < expectedBegin {
                throw failure(
                    "tensor '\(entry.name)' overlaps tensor '\(previousName ?? "")' "
                        + "(it begins at \(begin), before \(expectedBegin))")
            }
            expectedBegin = entry.byteRange.upperBound
            previousName = entry.name
        }
        guard expectedBegin == bufferLength else {
            throw failure(
                "tensors end at byte \(expectedBegin) of the data buffer, "
                    + "but the file holds \(bufferLength) bytes after the header")
        }
    }
}
