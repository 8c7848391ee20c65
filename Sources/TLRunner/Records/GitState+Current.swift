import Foundation

extension RunManifest.GitState {
    /// The commit and dirtiness of the git work tree holding `file`; nil outside a work tree or without git.
    static func of(_ file: String) -> RunManifest.GitState? {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        guard let commit = git(["rev-parse", "HEAD"], in: folder), !commit.isEmpty,
            let status = git(["status", "--porcelain", "--untracked-files=no"], in: folder)
        else { return nil }
        return RunManifest.GitState(commit: commit, dirty: !status.isEmpty)
    }

    private static func git(_ arguments: [String], in folder: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder.isEmpty ? "." : folder] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
