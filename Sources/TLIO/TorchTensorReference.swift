/// A storage named by a checkpoint's persistent id `('storage', type, key, location, numel)`.
struct TorchStorageReference: Equatable {
    /// The record name under `data/` in the archive.
    var key: String
    var elementType: TensorElementType
    /// Elements the pickle declares the storage to hold.
    var elementCount: Int
}

/// A tensor as `_rebuild_tensor_v2` describes it: a strided view into a storage (not yet validated).
struct TorchTensorReference: Equatable {
    var storage: TorchStorageReference
    var storageOffset: Int
    var shape: [Int]
    var strides: [Int]
}
