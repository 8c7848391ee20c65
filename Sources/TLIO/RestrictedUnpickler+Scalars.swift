import Foundation

/// Opcodes that push numbers, booleans, None, strings and bytes.
extension RestrictedUnpickler {
    func executeScalar(_ opcode: PickleOpcode) throws {
        switch opcode {
        case .none: try push(.none)
        case .newTrue: try push(.bool(true))
        case .newFalse: try push(.bool(false))
        case .binInt: try push(.int(try reader.signedLittleEndian(width: 4)))
        case .binInt1: try push(.int(Int64(try reader.unsignedLittleEndian(width: 1))))
        case .binInt2: try push(.int(Int64(try reader.unsignedLittleEndian(width: 2))))
        case .long1: try push(.int(try reader.signedLittleEndian(width: Int(try reader.byte()))))
        case .long4:
            let width = try reader.signedLittleEndian(width: 4)
            guard width >= 0 else { throw PickleError("LONG4 with negative length") }
            try push(.int(try reader.signedLittleEndian(width: Int(width))))
        case .binFloat:
            let bits = try reader.take(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
            try push(.float(Double(bitPattern: bits)))
        default:
            throw PickleError("unexpected scalar opcode")
        }
    }

    func executeText(_ opcode: PickleOpcode) throws {
        switch opcode {
        case .binUnicode: try push(.string(try reader.utf8(try reader.take(try length(width: 4)))))
        case .shortBinUnicode: try push(.string(try reader.utf8(try reader.take(try length(width: 1)))))
        case .binUnicode8: try push(.string(try reader.utf8(try reader.take(try length(width: 8)))))
        case .binString:
            let width = try reader.signedLittleEndian(width: 4)
            guard width >= 0 else { throw PickleError("BINSTRING with negative length") }
            try push(.string(latin1(try reader.take(Int(width)))))
        case .shortBinString: try push(.string(latin1(try reader.take(try length(width: 1)))))
        case .binBytes: try push(.bytes(Data(try reader.take(try length(width: 4)))))
        case .shortBinBytes: try push(.bytes(Data(try reader.take(try length(width: 1)))))
        case .binBytes8, .byteArray8: try push(.bytes(Data(try reader.take(try length(width: 8)))))
        default:
            throw PickleError("unexpected text opcode")
        }
    }

    /// An unsigned length field, already checked against the bytes that remain.
    private func length(width: Int) throws -> Int {
        let value = try reader.unsignedLittleEndian(width: width)
        guard value <= UInt64(reader.remaining) else {
            throw PickleError("pickle declares \(value) bytes but only \(reader.remaining) remain")
        }
        return Int(value)
    }

    private func latin1(_ bytes: ArraySlice<UInt8>) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
