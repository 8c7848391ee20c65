/// The safetensors dtype names tlrun reads and writes.
enum SafetensorsDType {
    /// Every dtype name the safetensors format defines (to tell "unsupported" from "unknown").
    static let knownNames: Set<String> = [
        "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16",
        "I32", "U32", "F32", "F64", "I64", "U64",
    ]

    /// The element type a dtype name is read as, or nil when tlrun does not read it.
    static func elementType(named name: String) -> TensorElementType? {
        switch name {
        case "F32": return .float32
        case "F16": return .float16
        case "BF16": return .bfloat16
        case "F64": return .float64
        case "I64": return .int64
        default: return nil
        }
    }

    /// The dtype name written for stored values.
    static func name(for values: StoredTensor.Values) -> String {
        switch values {
        case .float32: return "F32"
        case .int64: return "I64"
        }
    }
}
