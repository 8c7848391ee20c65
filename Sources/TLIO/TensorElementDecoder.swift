/// Turns raw stored element bytes into `StoredTensor.Values` (floats as Float32, integers as Int64).
enum TensorElementDecoder {
    /// Decodes every element in `bytes`, whose length must be a multiple of `type.byteSize`.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, as type: TensorElementType,
        byteOrder: ByteOrder
    ) -> StoredTensor.Values {
        let count = bytes.count / type.byteSize
        let reader = ElementReader(bytes: bytes, byteOrder: byteOrder)
        switch type {
        case .float32:
            if byteOrder == .host { return .float32(copyVerbatim(bytes, count: count)) }
            return .float32(map(count) { Float(bitPattern: reader.uint32(at: $0)) })
        case .int64:
            if byteOrder == .host { return .int64(copyVerbatim(bytes, count: count)) }
            return .int64(map(count) { Int64(bitPattern: reader.uint64(at: $0)) })
        case .float16:
            return .float32(map(count) { HalfPrecision.float(fromFloat16Bits: reader.uint16(at: $0)) })
        case .bfloat16:
            return .float32(map(count) { HalfPrecision.float(fromBFloat16Bits: reader.uint16(at: $0)) })
        case .float64:
            return .float32(map(count) { Float(Double(bitPattern: reader.uint64(at: $0))) })
        case .int32:
            return .int64(map(count) { Int64(Int32(bitPattern: reader.uint32(at: $0))) })
        }
    }

    private static func copyVerbatim<Element>(_ bytes: UnsafeRawBufferPointer, count: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 {
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: bytes[0..<(count * MemoryLayout<Element>.stride)]))
            }
            initialized = count
        }
    }

    private static func map<Element>(_ count: Int, _ element: (Int) -> Element) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                (buffer.baseAddress! + index).initialize(to: element(index))
            }
            initialized = count
        }
    }
}

/// Reads the n-th fixed-size unsigned integer from unaligned bytes in a given byte order.
private struct ElementReader {
    let bytes: UnsafeRawBufferPointer
    let byteOrder: ByteOrder

    func uint16(at index: Int) -> UInt16 {
        let raw = bytes.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)
        return byteOrder == .little ? UInt16(littleEndian: raw) : UInt16(bigEndian: raw)
    }

    func uint32(at index: Int) -> UInt32 {
        let raw = bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
        return byteOrder == .little ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
    }

    func uint64(at index: Int) -> UInt64 {
        let raw = bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
        return byteOrder == .little ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw)
    }
}
