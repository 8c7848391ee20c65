import Foundation

/// Reads a weights file of either supported format, chosen by its extension.
public enum WeightsFile {
    /// The tensors of a `.safetensors`, `.pth` or `.pt` file (`key` for checkpoints only); throws `WeightsFileError`.
    public static func read(path: String, key: String? = nil, stripPrefix: String? = nil) throws -> [StoredTensor] {
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
            return try PyTorchCheckpointReader.read(path: path, key: key, stripPrefix: stripPrefix).tensors
        case let other:
            throw WeightsFileError.unknownExtension(file: path, extension: other)
        }
    }
}
