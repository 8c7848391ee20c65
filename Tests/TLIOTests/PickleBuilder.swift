/// Assembles pickle bytes opcode by opcode, for hand-made (and hostile) checkpoints.
struct PickleBuilder {
    private(set) var bytes: [UInt8]

    /// Starts a pickle with a PROTO opcode.
    init(protocolVersion: UInt8 = 2) { bytes = [0x80, protocolVersion] }

    mutating func raw(_ opcodes: UInt8...) { bytes += opcodes }
    mutating func mark() { raw(0x28) }
    mutating func tuple() { raw(0x74) }
    mutating func emptyTuple() { raw(0x29) }
    mutating func emptyDict() { raw(0x7d) }
    mutating func setItems() { raw(0x75) }
    mutating func reduce() { raw(0x52) }
    mutating func build() { raw(0x62) }
    mutating func newFalse() { raw(0x89) }
    mutating func persistentID() { raw(0x51) }
    mutating func stop() { raw(0x2e) }

    /// The UTF-8 bytes of `text` with no opcode (for SHORT_BINUNICODE and similar).
    mutating func raw(contentsOf text: String) {
        for byte in text.utf8 { raw(byte) }
    }

    /// BINUNICODE.
    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        raw(0x58)
        bytes += SafetensorsBytes.littleEndian([UInt32(utf8.count)])
        bytes += utf8
    }

    /// The shortest integer opcode for `value` (BININT1, BININT2, BININT or LONG1).
    mutating func int(_ value: Int) {
        switch value {
        case 0..<256: raw(0x4b, UInt8(value))
        case 256..<65536: raw(0x4d); bytes += SafetensorsBytes.littleEndian([UInt16(value)])
        case Int(Int32.min)...Int(Int32.max): raw(0x4a); bytes += SafetensorsBytes.littleEndian([Int32(value)])
        default: raw(0x8a, 8); bytes += SafetensorsBytes.littleEndian([Int64(value)])
        }
    }

    /// GLOBAL `module name`.
    mutating func global(_ module: String, _ name: String) {
        raw(0x63)
        bytes += Array("\(module)\n\(name)\n".utf8)
    }

    /// A tuple of integers.
    mutating func intTuple(_ values: [Int]) {
        mark()
        values.forEach { int($0) }
        tuple()
    }

    /// `_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())` for storage `data/<key>`.
    mutating func tensor(_ spec: TensorSpec) {
        global("torch._utils", "_rebuild_tensor_v2")
        mark()
        mark()
        string("storage")
        global("torch", spec.storageType)
        string(spec.key)
        string("cpu")
        int(spec.storageElements)
        tuple()
        persistentID()
        int(spec.offset)
        intTuple(spec.size)
        intTuple(spec.stride)
        newFalse()
        global("collections", "OrderedDict")
        emptyTuple()
        reduce()
        tuple()
        reduce()
    }

    /// A dict whose entries `body` emits as key, value pairs.
    mutating func dict(_ body: (inout PickleBuilder) -> Void) {
        emptyDict()
        mark()
        body(&self)
        setItems()
    }

    /// A complete pickle of a plain state_dict `{name: tensor}`.
    static func stateDict(_ entries: [(String, TensorSpec)]) -> [UInt8] {
        var builder = PickleBuilder()
        builder.dict { dict in
            for (name, spec) in entries {
                dict.string(name)
                dict.tensor(spec)
            }
        }
        builder.stop()
        return builder.bytes
    }
}

/// What `_rebuild_tensor_v2` is given for one tensor.
struct TensorSpec {
    var storageType = "FloatStorage"
    var key: String
    var storageElements: Int
    var offset = 0
    var size: [Int]
    var stride: [Int]

    /// A contiguous tensor filling storage `key` entirely.
    static func contiguous(key: String, size: [Int], storageType: String = "FloatStorage") -> TensorSpec {
        var stride: [Int] = []
        var running = 1
        for dimension in size.reversed() {
            stride.insert(running, at: 0)
            running *= dimension
        }
        return TensorSpec(storageType: storageType, key: key, storageElements: running, size: size, stride: stride)
    }
}
