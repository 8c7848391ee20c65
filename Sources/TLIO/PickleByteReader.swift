import Foundation

/// A bounds-checked cursor over pickle bytes; every read checks what remains before touching memory.
struct PickleByteReader {
    private let bytes: [UInt8]
    private(set) var position = 0

    /// Creates a reader at the start of `data`.
    init(_ data: Data) { bytes = [UInt8](data) }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - position }

    /// The next byte.
    mutating func byte() throws -> UInt8 {
        guard remaining >= 1 else { throw PickleError("pickle ends without a STOP opcode") }
        position += 1
        return bytes[position - 1]
    }

    /// The next `count` bytes; `count` is checked against what remains before anything is allocated.
    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw PickleError("pickle declares \(count) bytes but only \(remaining) remain")
        }
        position += count
        return bytes[(position - count)..<position]
    }

    /// An unsigned little-endian integer of `width` bytes (at most 8).
    mutating func unsignedLittleEndian(width: Int) throws -> UInt64 {
        try take(width).reversed().reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
    }

    /// A signed little-endian two's-complement integer of `width` bytes, which must fit in Int64.
    mutating func signedLittleEndian(width: Int) throws -> Int64 {
        let slice = Array(try take(width))
        guard let mostSignificant = slice.last else { return 0 }
        let isNegative = mostSignificant & 0x80 != 0
        let low = slice.prefix(8)
        let signExtension: UInt8 = isNegative ? 0xff : 0x00
        guard slice.dropFirst(8).allSatisfy({ $0 == signExtension }),
            low.count < 8 || (low.last! & 0x80 != 0) == isNegative
        else {
            throw PickleError("integer of \(width) bytes does not fit in 64 bits")
        }
        let value = low.reversed().reduce(isNegative ? UInt64.max : 0) { ($0 << 8) | UInt64($1) }
        return Int64(bitPattern: value)
    }

    /// Text up to the next newline (GLOBAL's module and name), at most `limit` bytes.
    mutating func line(limit: Int = 256) throws -> String {
        guard let end = bytes[position...].prefix(limit + 1).firstIndex(of: UInt8(ascii: "\n")) else {
            throw PickleError("unterminated or overlong line")
        }
        let text = try utf8(try take(end - position))
        position += 1
        return text
    }

    /// `slice` decoded as UTF-8.
    func utf8(_ slice: ArraySlice<UInt8>) throws -> String {
        guard let text = String(bytes: slice, encoding: .utf8) else { throw PickleError("string is not valid UTF-8") }
        return text
    }
}
