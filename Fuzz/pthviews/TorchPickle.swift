/// Writes the pickle of a state dict of `_rebuild_tensor_v2` tensors, as torch.save does (protocol 2).
struct TorchPickle {
    private(set) var bytes: [UInt8] = [0x80, 2]

    mutating func beginDict() { bytes += [0x7d, 0x28] }  // EMPTY_DICT, MARK

    mutating func endDict() { bytes += [0x75, 0x2e] }  // SETITEMS, STOP

    /// One entry `name: tensor` viewing storage `data/<key>`.
    mutating func tensor(
        name: String, key: String, storageType: String, elements: Int, offset: Int, size: [Int], stride: [Int]
    ) {
        string(name)
        global("torch._utils", "_rebuild_tensor_v2")
        bytes += [0x28, 0x28]  // MARK (arguments), MARK (persistent id)
        string("storage")
        global("torch", storageType)
        string(key)
        string("cpu")
        int(elements)
        bytes += [0x74, 0x51]  // TUPLE, BINPERSID
        int(offset)
        ints(size)
        ints(stride)
        bytes += [0x89]  // NEWFALSE
        global("collections", "OrderedDict")
        bytes += [0x29, 0x52, 0x74, 0x52]  // EMPTY_TUPLE, REDUCE, TUPLE, REDUCE
    }

    private mutating func ints(_ values: [Int]) {
        bytes += [0x28]
        values.forEach { int($0) }
        bytes += [0x74]
    }

    private mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        bytes += [0x58] + littleEndian(UInt32(utf8.count)) + utf8
    }

    private mutating func global(_ module: String, _ name: String) {
        bytes += [0x63] + Array(module.utf8) + [0x0a] + Array(name.utf8) + [0x0a]
    }

    /// LONG1 with 8 little-endian bytes (any `Int`).
    private mutating func int(_ value: Int) {
        bytes += [0x8a, 8] + littleEndian(UInt64(bitPattern: Int64(value)))
    }
}

/// The little-endian bytes of `value`.
func littleEndian<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
    (0..<MemoryLayout<Value>.size).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
}
