import Foundation
import TLFiles

/// Reads a weights file of either supported format, chosen by its extension.
public enum WeightsFile {
    /// The tensors of a `.safetensors`, `.pth` or `.pt` file (`key` for checkpoints only); throws `WeightsFileError`.
    /// A checkpoint's tensors may need at most `budget` (a safetensors file's are as large as the file).
    public static func read(
        path: String, key: String? = nil, stripPrefix: String? = nil,
        budget: MemoryBudget = .standard
    ) throws -> [StoredTensor] {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "safetensors":
            if let key {
                throw WeightsFileError.keyNotApplicable(file: path, key: key)
            }
            var tensors = try Safetensors.read(path: path).tensors
            if let prefix = stripPrefix {
                let names = try TensorNamePrefix.strip(prefix, from: tensors.map(\.name), file: path)
                for index in names.indices { tensors[index].name = names[index] }
            }
            return tensors
        case "pth", "pt":
            return try PyTorchCheckpointReader.read(path: path, key: key, stripPrefix: stripPrefix, budget: budget)
                .tensors
        case let other:
            throw WeightsFileError.unknownExtension(file: path, extension: other)
        }
    }
}
