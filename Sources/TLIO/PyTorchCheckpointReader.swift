import Foundation
import TLFiles

/// The tensors of a PyTorch checkpoint's state_dict, and the names of non-tensor entries that were skipped.
public struct PyTorchCheckpoint: Sendable {
    public var tensors: [StoredTensor]
    public var skipped: [String]

    /// Creates a checkpoint from tensors and skipped entry names.
    public init(tensors: [StoredTensor], skipped: [String]) {
        self.tensors = tensors
        self.skipped = skipped
    }
}

/// Reads `torch.save` zip checkpoints without executing any pickled code.
public enum PyTorchCheckpointReader {
    /// Reads the checkpoint's state_dict (top level, `key`, or a nested `state_dict`/`model_state_dict`/`model`); throws
    /// `WeightsFileError`, also when its storages and tensors would need more memory than `budget`.
    public static func read(
        path: String, key: String? = nil, stripPrefix: String? = nil,
        budget: MemoryBudget = .standard
    ) throws -> PyTorchCheckpoint {
        let archive = try TorchZipArchive(path: path)
        let selection = try RestrictedUnpickler.load(try archive.pickleBytes(), file: path) { root in
            try StateDictSelector.select(root, key: key, stripPrefix: stripPrefix, file: path)
        }
        let layouts = try selection.tensors.map { try TorchTensorLayout($0.reference, name: $0.name, file: path) }
        // Every storage's record must declare the size its references declare (one size per storage) before the
        // budget counts them and anything is read.
        for storage in selection.tensors.map(\.reference.storage) {
            try archive.storageEntry(key: storage.key, byteCount: storage.elementCount * storage.elementType.byteSize)
        }
        try CheckpointMemoryCheck.check(
            zip(selection.tensors.map(\.name), layouts).map { ($0, $1) }, budget: budget, file: path)
        var storages: [String: Data] = [:]
        var tensors: [StoredTensor] = []
        for (entry, layout) in zip(selection.tensors, layouts) {
            let storage = entry.reference.storage
            let byteCount = storage.elementCount * storage.elementType.byteSize
            let bytes = try storages[storage.key] ?? archive.storageBytes(key: storage.key, byteCount: byteCount)
            storages[storage.key] = bytes
            let values = StridedTensorMaterializer.values(of: layout, storage: bytes, byteOrder: archive.byteOrder)
            tensors.append(
                StoredTensor(
                    name: entry.name, shape: entry.reference.shape, values: values,
                    storedType: storage.elementType.name))
        }
        return PyTorchCheckpoint(tensors: tensors, skipped: selection.skipped)
    }
}
