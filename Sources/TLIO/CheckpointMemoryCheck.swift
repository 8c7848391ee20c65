import TLFiles

/// Refuses a checkpoint whose tensors need more memory than the budget, counted from its pickle before any storage is
/// read: a few bytes of pickle can view a one-element storage as billions of elements (stride 0).
enum CheckpointMemoryCheck {
    /// Throws `WeightsFileError.tensorLayout` for the first tensor at which the storages read, their decoded spans
    /// and the materialised values of every tensor so far need more than `budget`.
    static func check(_ tensors: [(name: String, layout: TorchTensorLayout)], budget: MemoryBudget, file: String) throws
    {
        var needed = 0
        var countedStorages: Set<String> = []
        for (name, layout) in tensors {
            let storage = layout.reference.storage
            let valueSize = storage.elementType.decodesToFloat ? 4 : 8
            var parts = [
                CheckedSize.multiply(layout.elementCount, valueSize),
                CheckedSize.multiply(layout.storageSpan.count, valueSize),
            ]
            if countedStorages.insert(storage.key).inserted {
                parts.append(CheckedSize.multiply(storage.elementCount, storage.elementType.byteSize))
            }
            let total = parts.reduce(Optional(needed)) { sum, part in
                sum.flatMap { sum in part.flatMap { CheckedSize.add(sum, $0) } }
            }
            guard let total, budget.allows(total) else {
                let shape = layout.reference.shape.map(String.init).joined(separator: "×")
                throw WeightsFileError.tensorLayout(
                    file: file, tensor: name,
                    problem:
                        "its size \(shape) (\(layout.elementCount) elements from storage data/\(storage.key) of \(storage.elementCount)) "
                        + "makes the checkpoint's tensors need \(total.map(MemoryBudget.amount) ?? "more than \(Int.max) bytes"), "
                        + "over the memory budget of \(MemoryBudget.amount(budget.bytes)) (half of this machine's memory or address-space limit)"
                )
            }
            needed = total
        }
    }
}

extension TensorElementType {
    /// True for the types read as Float32 (the others are read as Int64).
    var decodesToFloat: Bool {
        switch self {
        case .float32, .float16, .bfloat16, .float64: return true
        case .int64, .int32: return false
        }
    }
}
