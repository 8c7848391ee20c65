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

    /// Creates a new run folder named by the time and a random suffix, and keeps the output folder's `.gitignore`.
    public static func create(outputDir: String, pipelineName: String) throws -> String {
        try RunFiles.makeFolder(outputDir)
        let ignore = outputDir + "/.gitignore"
        if (try? RunFiles.contents(of: ignore)).map({ String(decoding: $0, as: UTF8.self) }) != gitignore {
            try RunFiles.write(gitignore, to: ignore)
        }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let id = formatter.string(from: Date()) + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
        let folder = outputDir + "/" + pipelineName + "/" + id
        try RunFiles.makeFolder(folder)
        return folder
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
                .filter { manager.fileExists(atPath: $0 + "/run.json") }
        }
    }

    /// The newest finished run of `pipelineName` with `runKey` whose model is still there.
    public static func finishedRun(outputDir: String, pipelineName: String, runKey: String) -> String? {
        all(outputDir: outputDir, pipelineName: pipelineName).reversed().first { folder in
            guard let manifest = try? RunManifest.read(folder: folder) else { return false }
            return manifest.status == .finished && manifest.runKey == runKey
                && FileManager.default.fileExists(atPath: folder + "/model.safetensors")
        }
    }
}
