/// The only pickle globals a checkpoint may name; each is interpreted by tlrun, never executed.
enum TorchGlobal: Equatable {
    case orderedDict
    case rebuildTensorV2
    case rebuildParameter
    case rebuildParameterWithState
    case storageType(TensorElementType, name: String)
    case size
    case device

    /// The global for `module.name`, or nil when it is not on the allow-list.
    static func allowed(module: String, name: String) -> TorchGlobal? {
        switch (module, name) {
        case ("collections", "OrderedDict"): return .orderedDict
        case ("torch._utils", "_rebuild_tensor_v2"): return .rebuildTensorV2
        case ("torch._utils", "_rebuild_parameter"): return .rebuildParameter
        case ("torch._utils", "_rebuild_parameter_with_state"): return .rebuildParameterWithState
        case ("torch", "Size"): return .size
        case ("torch", "device"): return .device
        case ("torch", _):
            return storageElementType(name).map { .storageType($0, name: name) }
        default: return nil
        }
    }

    /// The Python name, e.g. `torch.FloatStorage`.
    var qualifiedName: String {
        switch self {
        case .orderedDict: return "collections.OrderedDict"
        case .rebuildTensorV2: return "torch._utils._rebuild_tensor_v2"
        case .rebuildParameter: return "torch._utils._rebuild_parameter"
        case .rebuildParameterWithState: return "torch._utils._rebuild_parameter_with_state"
        case .storageType(_, let name): return "torch.\(name)"
        case .size: return "torch.Size"
        case .device: return "torch.device"
        }
    }

    private static func storageElementType(_ name: String) -> TensorElementType? {
        switch name {
        case "FloatStorage": return .float32
        case "DoubleStorage": return .float64
        case "HalfStorage": return .float16
        case "BFloat16Storage": return .bfloat16
        case "LongStorage": return .int64
        case "IntStorage": return .int32
        default: return nil
        }
    }
}
