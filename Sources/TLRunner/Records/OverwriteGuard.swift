import Foundation

/// Keeps a command from writing over a file it reads: the pipeline `advise --write` extends, the model `export -o`
/// converts. Files are compared as the system sees them (device and inode, after following symbolic links), so
/// another spelling of the path, a link or a hard link to the input is refused too.
public enum OverwriteGuard {
    /// Throws `RunError.outputIsInput` when `output` names the same file as one of `inputs`.
    public static func refuse(output: String, inputs: [String]) throws {
        guard let written = identity(output) else { return }
        if let input = inputs.first(where: { identity($0) == written }) {
            throw RunError.outputIsInput(output: output, input: input)
        }
    }

    /// The device and inode of the file at `path` (symbolic links followed), nil when nothing is there.
    private static func identity(_ path: String) -> [UInt64]? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return [UInt64(status.st_dev), UInt64(status.st_ino)]
    }
}
