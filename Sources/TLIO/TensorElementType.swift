/// The element types tlrun can read from weights files, with their stored byte size.
enum TensorElementType: Sendable, Equatable {
    case float32
    case float16
    case bfloat16
    case float64
    case int64
    case int32

    /// The type's name as `tlrun inspect-weights` shows it (PyTorch's spelling).
    var name: String {
        switch self {
        case .float32: return "float32"
        case .float16: return "float16"
        case .bfloat16: return "bfloat16"
        case .float64: return "float64"
        case .int64: return "int64"
        case .int32: return "int32"
        }
    }

    /// Bytes one element occupies in a file.
    var byteSize: Int {
        switch self {
        case .float16, .bfloat16: return 2
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        }
    }
}
