import Dispatch
import Foundation
import TLConfig
import TLData
import TLDistributed
import TLEngine
import TLGraph
import TLLayerCatalog

/// Runs pipelines end to end (resolve → validate → source → slice → freeze → head → data → feature cache → train →
/// evaluate → export) into run folders, trains source pipelines first when their output is missing or stale,
/// and resumes stopped runs.
public final class PipelineRunner {
    /// How runs are done.
    public struct Options {
        /// `--set` overrides for the pipeline given (not for the pipelines it takes its source from).
        public var overrides: [String] = []
        /// False turns the feature cache off for every pipeline run.
        public var featureCache = true
        /// Resume even when the pipeline changed since the run started.
        public var force = false
        /// When resuming, let layers the checkpoint lacks (the pipeline gained them) keep their initialisation.
        public var initializeNewLayers = false
        /// Load source weights (and checkpoints) that hold NaN or infinite values, listing them as warnings, instead of
        /// refusing them.
        public var allowNonFiniteWeights = false
        /// Feature caches shared with other runs (a sweep's trials); nil computes them for this run alone.
        public var sharedFeatureCaches: SharedFeatureCaches?
        /// Give back a finished run whose inputs are those this run would have (the same run key) instead of running
        /// again (a sweep's trials).
        public var reuseFinishedRuns = false
        /// The processes that train together: under `mpirun`, every process of the launch (data-parallel training,
        /// rank 0 writing the run folder); otherwise this process alone.
        public var processes: ProcessGroup = .world

        /// Default options.
        public init() {}
    }

    /// How a run ended.
    public struct Outcome {
        /// The run folder.
        public var folder: String
        public var manifest: RunManifest
        /// nil when the run was interrupted before it finished.
        public var summary: RunSummary?
        /// True when an earlier finished run was given back (`Options.reuseFinishedRuns`).
        public var reused = false
    }

    private let options: Options
    private weak var observer: TrainingObserver?
    private let log: (String) -> Void
    private let shouldStop: () -> Bool

    /// A runner reporting to `observer` and `log` (one line each); `shouldStop` is polled between batches (Ctrl-C).
    public init(
        options: Options, observer: TrainingObserver?, log: @escaping (String) -> Void,
        shouldStop: @escaping () -> Bool = { false }
    ) {
        self.options = options
        self.observer = observer
        self.log = log
        self.shouldStop = shouldStop
    }

    var group: ProcessGroup { options.processes }

    /// Runs the pipeline in `file` into a new run folder.
    public func run(file: String) throws -> Outcome {
        try run(file: file, overrides: options.overrides, chain: [])
    }

    private func run(file: String, overrides: [String], chain: [String]) throws -> Outcome {
        var clock = StageClock(observer: observer)
        let validation = try validated(file, overrides: overrides, clock: &clock)
        let source = try sourceWeights(validation, chain: chain + [Self.absolute(file)])
        guard options.reuseFinishedRuns else {
            return try run(validation, file: file, overrides: overrides, source: source, indexed: nil, clock: clock)
        }
        let lookup = try lookUp(validation, weightsFile: source.file)
        if let finished = lookup.finished {
            return Outcome(
                folder: finished, manifest: try RunManifest.read(folder: finished),
                summary: try RunSummary.read(folder: finished),
                reused: true)
        }
        return try run(
            validation, file: file, overrides: overrides, source: source, indexed: (lookup.index, lookup.fingerprint),
            clock: clock)
    }

    /// The data index and input fingerprint of a validated pipeline, and its newest finished run with that run key.
    private func lookUp(_ validation: ValidationResult, weightsFile: String?) throws
        -> (index: DatasetIndex, fingerprint: InputFingerprint, finished: String?)
    {
        let pipeline = validation.pipeline
        let index = try DatasetIndex(spec: pipeline.dataset, seed: pipeline.dataSeed)
        let fingerprint = InputFingerprint(pipeline: pipeline, index: index, weightsFile: weightsFile)
        return (
            index, fingerprint,
            RunFolder.finishedRun(
                outputDir: pipeline.outputDir, pipelineName: pipeline.name, runKey: fingerprint.runKey)
        )
    }

    /// Validates `file`, timed as the "validate" stage; an invalid pipeline throws `RunError.pipelineInvalid`.
    private func validated(_ file: String, overrides: [String], clock: inout StageClock) throws -> ValidationResult {
        let validation = PipelineValidator.standard.validate(file: file, overrides: overrides)
        guard validation.isValid, let graph = validation.graph else { throw RunError.pipelineInvalid(validation) }
        clock.finish("validate", "\(file): valid, shapes checked through \(graph.layers.count) layers")
        return validation
    }

    /// Runs a validated pipeline whose source weights are resolved; `indexed` is its data index and input
    /// fingerprint when the caller already made them (a source pipeline whose run key was looked up).
    private func run(
        _ validation: ValidationResult, file: String, overrides: [String], source: (file: String?, run: String?),
        indexed: (index: DatasetIndex, fingerprint: InputFingerprint)?, clock: StageClock
    ) throws -> Outcome {
        var clock = clock
        let (weightsFile, sourceRun) = source
        clock.finish("source", sourceRun.map { "weights from the run \($0)" } ?? weightsFile ?? "random weights")
        let trainer = try Trainer(
            validation, index: indexed?.index, sourceWeights: weightsFile, allowFeatureCache: options.featureCache,
            allowNonFiniteWeights: options.allowNonFiniteWeights, group: group)
        trainer.loadReport?.lines.forEach(log)
        clock.finish("slice, freeze, head", Self.describe(trainer.graph))
        clock.finish(
            "data",
            trainer.index.splits.map { "\($0.name) \($0.samples.count)" }.joined(separator: ", ")
                + " images, \(trainer.classNames.count) classes")
        let fingerprint =
            indexed?.fingerprint
            ?? InputFingerprint(pipeline: trainer.pipeline, index: trainer.index, weightsFile: weightsFile)
        let folder = try runFolder(outputDir: trainer.pipeline.outputDir, pipelineName: trainer.pipeline.name)
        let lock = group.isLeader ? try RunLock.acquire(folder: folder) : nil
        defer { lock?.release() }
        var manifest = RunManifest(
            pipelineName: trainer.pipeline.name, runId: (folder as NSString).lastPathComponent, pipelineFile: file,
            pipelinePath: Self.absolute(file), overrides: overrides, status: .running, started: Self.timestamp(),
            git: RunManifest.GitState.of(file),
            versions: [
                "tlrun": TLRunVersion.text, "onednn": OneDNNVersion.text,
                "os": ProcessInfo.processInfo.operatingSystemVersionString,
            ],
            threads: ComputeThreads.current, inputs: fingerprint, runKey: fingerprint.runKey, sourceRun: sourceRun,
            featureCache: false, process: .current)
        if group.isDistributed {
            manifest.processes = group.size
            manifest.hosts = group.hosts
        }
        try RunFiles.write(trainer.pipeline.config.json() + "\n", to: .run(folder: folder, file: .pipeline))
        clock.finish(
            "run folder",
            "\(folder): inputs hashed (run key \(fingerprint.runKey.prefix(12))), resolved pipeline written")
        return try train(trainer, folder: folder, manifest: manifest, checkpoint: nil, clock: clock)
    }

    /// Continues the stopped run in `folder` from its last checkpoint, holding the folder's lock meanwhile.
    public func resume(folder: String) throws -> Outcome {
        _ = try RunManifest.read(folder: folder)
        let lock = group.isLeader ? try RunLock.acquire(folder: folder) : nil
        defer { lock?.release() }
        var clock = StageClock(observer: observer)
        let manifest = try RunManifest.read(folder: folder)
        guard manifest.status != .finished else {
            throw RunError.alreadyFinished(folder: folder, pipelineFile: manifest.pipelineFile)
        }
        guard (manifest.processes ?? 1) == group.size else {
            throw RunError.processCountChanged(folder: folder, started: manifest.processes ?? 1, now: group.size)
        }
        let validation = PipelineValidator.standard.validate(file: manifest.pipelinePath, overrides: manifest.overrides)
        guard validation.isValid, validation.graph != nil else { throw RunError.pipelineInvalid(validation) }
        let changed = InputFingerprint.pipelineDigest(validation.config) != manifest.inputs.pipeline
        if changed && !options.force {
            throw RunError.pipelineChanged(pipelinePath: manifest.pipelinePath)
        }
        clock.finish("validate", changed ? OptionNote.forcedResume : "the pipeline is unchanged")
        let checkpointPath = RunFileName.checkpoint.path(in: folder)
        let checkpoint = try TrainingCheckpoint.resumable(at: checkpointPath, of: manifest)
        if let state = checkpoint?.state {
            let epoch = state.partial?.epoch ?? state.epochsDone
            if epoch > validation.pipeline.train.epochs {
                throw RunError.checkpointPastEpochs(
                    path: checkpointPath, epoch: epoch, epochs: validation.pipeline.train.epochs,
                    pipelineFile: manifest.pipelineFile)
            }
        }
        let trainer = try Trainer(
            validation, sourceWeights: manifest.sourceRun.map { RunFileName.model.path(in: $0) },
            loadsSourceWeights: checkpoint == nil, allowFeatureCache: options.featureCache && manifest.featureCache,
            allowNonFiniteWeights: options.allowNonFiniteWeights, group: group)
        trainer.loadReport?.lines.forEach(log)
        if let checkpoint {
            try checkpoint.restore(
                into: trainer, from: checkpointPath, initializeNewLayers: options.initializeNewLayers,
                allowNonFinite: options.allowNonFiniteWeights
            ).lines.forEach(log)
        }
        let done = checkpoint?.state.epochsDone ?? 0
        let within = checkpoint?.state.partial.map { ", \($0.batchesDone) batches into epoch \($0.epoch)" } ?? ""
        clock.finish(
            "checkpoint", checkpoint == nil ? "none; starting from the first epoch" : "\(done) epochs done\(within)")
        var resumed = manifest
        resumed.status = .running
        resumed.problem = nil
        resumed.process = .current
        let written = group.isLeader ? folder : try ScratchFolders.make(manifest.pipelineName)
        return try train(trainer, folder: written, manifest: resumed, checkpoint: checkpoint, clock: clock)
    }

    /// The feature cache, training, evaluation and export of a prepared run.
    private func train(
        _ trainer: Trainer, folder: String, manifest: RunManifest, checkpoint: TrainingCheckpoint?,
        clock: StageClock
    ) throws -> Outcome {
        var clock = clock
        var manifest = manifest
        do {
            let cache = try trainer.prepareFeatureCache(shared: options.sharedFeatureCaches)
            manifest.featureCache = trainer.featureCache != nil
            clock.finish("feature cache", cache)
            try trainer.referenceKernelWarnings(from: checkpoint?.state ?? TrainingState()).forEach(log)
            try manifest.write(folder: folder)
            let record = RunRecord(folder: folder)
            let state = try trainer.train(
                from: checkpoint?.state ?? TrainingState(), optimizerState: checkpoint?.optimizerState ?? [],
                observer: observer, shouldStop: shouldStop
            ) { state in
                manifest.checkpointSha256 = try TrainingCheckpoint(trainer: trainer, state: state).write(
                    to: .run(folder: folder, file: .checkpoint))
                try manifest.write(folder: folder)
                try record.writeMetrics(state.history)
            }
            if state.partial != nil {
                manifest.status = .interrupted
                try manifest.write(folder: folder)
                observer?.runInterrupted(folder: folder)
                return Outcome(folder: folder, manifest: manifest, summary: nil)
            }
            clock.finish(
                "train",
                "\(state.epochsDone) epoch\(state.epochsDone == 1 ? "" : "s")"
                    + (state.stoppedEarly ? " (stopped early)" : "")
                    + (state.bestEpoch.map { ", keeping epoch \($0)'s weights" } ?? ""))
            let test = try trainer.test()
            let validation = try trainer.index.val.map(trainer.evaluate)
            clock.finish(
                "evaluate",
                test.map { String(format: "test accuracy %.4f on %d images", $0.metrics.accuracy, $0.metrics.images) }
                    ?? "no test split")
            let summary = try record.export(
                trainer: trainer, state: state, validation: validation, test: test,
                manifest: manifest, stages: clock.stages)
            manifest.status = .finished
            manifest.finished = Self.timestamp()
            try manifest.write(folder: folder)
            return Outcome(folder: folder, manifest: manifest, summary: summary)
        } catch {
            manifest.status = .failed
            manifest.problem = "\(error)"
            if (try? manifest.write(folder: folder)) != nil {
                let kept =
                    FileManager.default.fileExists(atPath: RunFileName.checkpoint.path(in: folder))
                    ? "; its last checkpoint is kept" : ""
                log("\(folder): the run is marked failed in run.json\(kept)")
            }
            throw error
        }
    }

    /// A pipeline's source weights: the file and the run that made it, and for a `weights: {pipeline: ...}` source that
    /// pipeline's validation and data index (which `advise` compares the target data with).
    struct SourceResolution {
        var file: String?
        var run: String?
        var pipeline: (validation: ValidationResult, index: DatasetIndex)?
    }

    /// The weights file a pipeline's source needs, and the run that made it (for `weights: {pipeline: ...}`):
    /// a finished run with the same run key, or a new run of that pipeline.
    private func sourceWeights(_ validation: ValidationResult, chain: [String]) throws -> (file: String?, run: String?)
    {
        let resolution = try resolveSource(validation, chain: chain)
        return (resolution.file, resolution.run)
    }

    /// `sourceWeights` with the source pipeline's validation and index.
    func resolveSource(_ validation: ValidationResult, chain: [String]) throws -> SourceResolution {
        switch validation.pipeline.source.weights {
        case .random: return SourceResolution()
        case .file(let path): return SourceResolution(file: path)
        case .pipeline(let path):
            guard !chain.contains(Self.absolute(path)) else {
                throw RunError.sourceCycle(chain + [Self.absolute(path)])
            }
            var clock = StageClock(observer: observer)
            let source = try validated(path, overrides: [], clock: &clock)
            let itsSource = try self.sourceWeights(source, chain: chain + [Self.absolute(path)])
            let (index, fingerprint, found) = try lookUp(source, weightsFile: itsSource.file)
            if let cached = try agreedFinishedRun(found) {
                log("source: reusing \(cached) (run key \(fingerprint.runKey.prefix(12)) matches \(path))")
                return SourceResolution(
                    file: RunFileName.model.path(in: cached), run: cached, pipeline: (source, index))
            }
            log("source: \(path) has no up-to-date run; running it first")
            let outcome = try run(
                source, file: path, overrides: [], source: itsSource, indexed: (index, fingerprint), clock: clock)
            guard outcome.summary != nil else {
                throw RunError.sourceInterrupted(pipeline: path, folder: outcome.folder)
            }
            return SourceResolution(
                file: RunFileName.model.path(in: outcome.folder), run: outcome.folder, pipeline: (source, index))
        }
    }

    /// A finished run of the pipeline in `file` with `overrides` whose inputs are those it would run on now (its run key
    /// matches), or nil. A source pipeline without an up-to-date run is run first, as `run` would.
    func finishedRun(file: String, overrides: [String]) throws -> String? {
        var clock = StageClock(observer: nil)
        let validation = try validated(file, overrides: overrides, clock: &clock)
        let source = try resolveSource(validation, chain: [Self.absolute(file)])
        return try lookUp(validation, weightsFile: source.file).finished
    }

    /// One line on what was cut, frozen and added.
    static func describe(_ graph: TransferGraph) -> String {
        let parameterLayers = graph.layers.flatMap(\.flattened).filter { !$0.ownParameters.isEmpty }
        let frozen = parameterLayers.filter { !graph.trains($0.name) }.count
        let cut =
            graph.cutAfter.map {
                "cut after \($0)" + (graph.removed.isEmpty ? "" : " (removed \(graph.removed.joined(separator: ", ")))")
            }
            ?? "no cut"
        let head = graph.head.isEmpty ? "no new head" : "new head " + graph.head.map(\.name).joined(separator: ", ")
        return "\(cut); \(frozen) of \(parameterLayers.count) layers with parameters frozen; \(head)"
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
