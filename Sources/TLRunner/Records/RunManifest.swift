import Foundation

/// `run.json`: what a run is, where it came from and how it ended; enough to find, compare, reuse and resume it.
public struct RunManifest: Sendable, Equatable, Codable {
    /// Where the run stands.
    public enum Status: String, Sendable, Codable {
        case running, interrupted, failed, finished
    }

    /// The commit the working tree was at, and whether it had uncommitted changes.
    public struct GitState: Sendable, Equatable, Codable {
        public var commit: String
        public var dirty: Bool
    }

    public var pipelineName: String
    public var runId: String
    /// The pipeline file as given, and its absolute path (what `tlrun resume` reads again).
    public var pipelineFile: String
    public var pipelinePath: String
    /// The `--set` overrides the run was started with.
    public var overrides: [String]
    public var status: Status
    /// Why the run failed or stopped, when it did.
    public var problem: String?
    public var started: String
    public var finished: String?
    public var git: GitState?
    /// tlrun, oneDNN and operating system versions.
    public var versions: [String: String]
    public var threads: Int
    public var inputs: InputFingerprint
    /// The run key (see `InputFingerprint.runKey`), repeated for quick lookups.
    public var runKey: String
    /// The run folder whose model was the source weights, for `weights: {pipeline: ...}` sources.
    public var sourceRun: String?
    /// Whether the head trained on cached frozen features.
    public var featureCache: Bool
    /// The process running it (the last one, after a resume); absent in records written before it was kept.
    public var process: RunProcess? = nil
    /// The processes that trained it data-parallel (`mpirun -np N`) and their hosts in rank order; absent for one process.
    public var processes: Int? = nil
    public var hosts: [String]? = nil
    /// The SHA-256 of `checkpoint.safetensors` as last written; a resume refuses a checkpoint that no longer has it.
    /// Absent before the first checkpoint, and in records written before it was kept.
    public var checkpointSha256: String? = nil

    /// Reads `run.json` in `folder`.
    public static func read(folder: String) throws -> RunManifest {
        let path = RunFileName.manifest.path(in: folder)
        return try RunFiles.readJSON(
            RunManifest.self, from: path,
            missing: RunError.notARunFolder(path: path))
    }

    /// Writes `run.json` into `folder` atomically.
    public func write(folder: String) throws {
        try RunFiles.writeJSON(self, to: .run(folder: folder, file: .manifest))
    }
}
