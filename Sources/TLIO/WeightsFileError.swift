/// A problem with a weights file: which file, which part of it (archive record, pickle offset, tensor), and what
/// is wrong there. Like Swift's `DecodingError`, each case carries where the problem is and a sentence on what.
public enum WeightsFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file cannot be opened or read (`reason` from the system, when there is one).
    case unreadable(file: String, reason: String?)
    /// Something other than a regular file (a folder, a FIFO, a device) where a weights file was expected.
    case notARegularFile(file: String, kind: String)
    /// A file name whose extension names no weights format.
    case unknownExtension(file: String, extension: String)
    /// A checkpoint key given for a format that has no keys.
    case keyNotApplicable(file: String, key: String)
    /// A file that is not a zip archive (the only `torch.save` format read).
    case notZipArchive(file: String)
    /// A damaged or unexpected zip archive, or one of its records.
    case archive(file: String, problem: String)
    /// A pickle that cannot be read or that asks for something refused, at byte `offset` of `data.pkl`.
    case pickle(file: String, offset: Int, problem: String)
    /// No state_dict of tensors where the file or the checkpoint key says.
    case stateDict(file: String, problem: String)
    /// A tensor whose size, stride or storage do not work out.
    case tensorLayout(file: String, tensor: String, problem: String)
    /// A safetensors header that is malformed or describes impossible tensors.
    case safetensorsHeader(file: String, problem: String)
    /// Tensors that cannot be written as safetensors.
    case encoding(file: String, problem: String)
    /// Tensor names that clash or do not match after prefix stripping or rename rules.
    case naming(file: String, problem: String)
    /// Weights whose names or shapes do not fit the network (`report`: the load report's lines; `hint`: a rename
    /// rule that would make them fit, when one is found).
    case doesNotFit(file: String, report: [String], hint: String?)
    /// Writing the file failed.
    case writing(file: String, problem: String)

    /// The file the problem is in.
    public var file: String {
        switch self {
        case .unreadable(let file, _), .notARegularFile(let file, _), .unknownExtension(let file, _),
            .keyNotApplicable(let file, _), .notZipArchive(let file),
            .archive(let file, _), .pickle(let file, _, _), .stateDict(let file, _), .tensorLayout(let file, _, _),
            .safetensorsHeader(let file, _), .encoding(let file, _), .naming(let file, _), .doesNotFit(let file, _, _),
            .writing(let file, _):
            return file
        }
    }

    /// What is wrong, without the file name.
    public var message: String {
        switch self {
        case .unreadable(_, let reason): return "cannot read the file" + (reason.map { " (\($0))" } ?? "")
        case .notARegularFile(_, let kind): return "is \(kind), not a regular file"
        case .unknownExtension(_, let ext):
            return "unknown weights file extension '\(ext)'; expected .safetensors, .pth or .pt"
        case .keyNotApplicable(_, let key): return "key '\(key)' applies only to PyTorch checkpoints"
        case .notZipArchive:
            return "not a zip archive; only the zip format of torch.save (PyTorch 1.6 and later) is supported"
        case .pickle(_, let offset, let problem): return "data.pkl, opcode at byte \(offset): \(problem)"
        case .tensorLayout(_, let tensor, let problem): return "tensor '\(tensor)': \(problem)"
        case .doesNotFit(_, let report, let hint):
            return "the weights do not fit the network:\n" + report.joined(separator: "\n")
                + "\n(are these the weights of the source model the pipeline names, at its input size and class count?)"
                + (hint.map { "\nhint: " + $0 } ?? "")
        case .archive(_, let problem), .stateDict(_, let problem), .safetensorsHeader(_, let problem),
            .encoding(_, let problem),
            .naming(_, let problem), .writing(_, let problem):
            return problem
        }
    }

    /// The same problem reported against `file` (an encoding problem found before the destination was known).
    public func at(_ file: String) -> WeightsFileError {
        switch self {
        case .encoding(_, let problem): return .encoding(file: file, problem: problem)
        default: return self
        }
    }

    /// The file followed by the message, e.g. `model.pth: storage 'data/3' holds 12 bytes, expected 16`.
    public var description: String { "\(file): \(message)" }
}
