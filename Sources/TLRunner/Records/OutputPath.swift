/// The files a run or sweep folder holds: the only names tlrun writes inside one (fixed names with no path
/// separator, so a file of a run folder is inside it by construction).
public enum RunFileName: String, CaseIterable, Sendable {
    case manifest = "run.json"
    case pipeline = "pipeline.json"
    case metrics = "metrics.jsonl"
    case model = "model.safetensors"
    case onnxModel = "model.onnx"
    case summary = "summary.json"
    case curves = "curves.svg"
    case confusion = "confusion.svg"
    case report = "report.md"
    case checkpoint = "checkpoint.safetensors"
    case lock = "run.lock"
    case sweepResults = "sweep.json"
    case sweepTable = "table.md"
    case sweepChart = "accuracy.svg"
    case gitignore = ".gitignore"

    /// The file in `folder`.
    public func path(in folder: String) -> String { folder + "/" + rawValue }
}

/// Where a file tlrun writes goes: one of the fixed files of a folder `RunFolder` made (proved inside the output
/// folder when it was made), or a path the person named on the command line (`export -o`, `weights convert`),
/// which the command checks is none of its inputs.
public enum OutputPath: Sendable, Equatable {
    /// `file` in the run, sweep or output folder `folder`.
    case run(folder: String, file: RunFileName)
    /// A path given on the command line.
    case chosen(String)

    /// The file system path.
    public var path: String {
        switch self {
        case .run(let folder, let file): return file.path(in: folder)
        case .chosen(let path): return path
        }
    }
}
