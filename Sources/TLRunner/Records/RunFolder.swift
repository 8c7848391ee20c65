import Foundation

/// The layout of `<output dir>/<pipeline name>/<run id>/` and the `.gitignore` that keeps large artefacts
/// (weights, checkpoints) out of git while the small text records can be committed.
public enum RunFolder {
    /// What `<output dir>/.gitignore` says.
    static let gitignore = """
        # Written by tlrun: commit the small text records of runs (run.json, pipeline.json, metrics.jsonl,
        # summary.json, report.md, pictures); keep weights, checkpoints and locks out of git.
        *.safetensors
        .*.tmp-*
        run.lock

        """

    /// Creates a new run folder named by the time and a random suffix, and keeps the output folder's `.gitignore`;
    /// the folder is proved to lie inside `outputDir` (the pipeline's name is one plain path component, and no link
    /// leads out), so that with `RunFileName`'s fixed names every file of the run is inside the output folder.
    public static func create(outputDir: String, pipelineName: String) throws -> String {
        let pipelineFolder = outputDir + "/" + pipelineName
        guard isPlainComponent(pipelineName) else {
            throw RunError.outsideOutputFolder(
                path: pipelineFolder, outputDir: outputDir,
                reason: "the name '\(pipelineName)' is not a plain file name")
        }
        try RunFiles.makeFolder(outputDir)
        let ignore = OutputPath.run(folder: outputDir, file: .gitignore)
        if (try? RunFiles.contents(of: ignore.path)).map({ String(decoding: $0, as: UTF8.self) }) != gitignore {
            try RunFiles.write(gitignore, to: ignore)
        }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let id = formatter.string(from: Date()) + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
        try RunFiles.makeFolder(pipelineFolder)
        let (root, resolved) = (realPath(outputDir), realPath(pipelineFolder))
        guard resolved == root + "/" + pipelineName || (root == "/" && resolved == "/" + pipelineName) else {
            throw RunError.outsideOutputFolder(
                path: pipelineFolder, outputDir: outputDir, reason: "it leads to \(resolved) through a link")
        }
        let folder = pipelineFolder + "/" + id
        try RunFiles.makeFolder(folder)
        return folder
    }

    /// True for a name that stays in the folder it is joined to: not empty, `.` or `..`, and without `/` or NUL.
    static func isPlainComponent(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
    }

    /// `path` with every link and `.`/`..` resolved (the path itself when it cannot be resolved).
    private static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Every run folder under `outputDir` (optionally of one pipeline), oldest first.
    public static func all(outputDir: String, pipelineName: String? = nil) -> [String] {
        let manager = FileManager.default
        let pipelines =
            pipelineName.map { [$0] } ?? ((try? manager.contentsOfDirectory(atPath: outputDir)) ?? []).sorted()
        return pipelines.flatMap { name -> [String] in
            let parent = outputDir + "/" + name
            return ((try? manager.contentsOfDirectory(atPath: parent)) ?? []).sorted()
                .map { parent + "/" + $0 }
                .filter { manager.fileExists(atPath: RunFileName.manifest.path(in: $0)) }
        }
    }

    /// The newest finished run of `pipelineName` with `runKey` whose model is still there.
    public static func finishedRun(outputDir: String, pipelineName: String, runKey: String) -> String? {
        all(outputDir: outputDir, pipelineName: pipelineName).reversed().first { folder in
            guard let manifest = try? RunManifest.read(folder: folder) else { return false }
            return manifest.status == .finished && manifest.runKey == runKey
                && FileManager.default.fileExists(atPath: RunFileName.model.path(in: folder))
        }
    }
}
