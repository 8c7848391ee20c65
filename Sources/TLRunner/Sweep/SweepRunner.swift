import Foundation
import TLConfig
import TLDistributed
import TLGraph
import TLLayerCatalog

/// `tlrun sweep`: runs every trial of a sweep file one after the other, N at a time in child processes, or split across
/// the processes of an `mpirun` launch (a finished trial with the same inputs is reused, so an interrupted sweep
/// continues), records a failed trial and goes on, and writes the sweep folder.
public final class SweepRunner {
    /// How a sweep ended.
    public struct Outcome {
        /// The sweep folder (`runs/<sweep name>/<id>/`); nil on the processes of an `mpirun` launch other than rank 0.
        public var folder: String?
        public var results: SweepResults
    }

    private weak var observer: TrainingObserver?
    let log: (String) -> Void
    let shouldStop: () -> Bool
    let group: ProcessGroup

    /// A runner reporting the sweep's progress to `observer` and a line per trial to `log`; `shouldStop` is polled
    /// between batches. Under `mpirun` the trials are split across `group`'s processes.
    public init(
        observer: TrainingObserver?, log: @escaping (String) -> Void, shouldStop: @escaping () -> Bool = { false },
        group: ProcessGroup = .world
    ) {
        self.observer = observer
        self.log = log
        self.shouldStop = shouldStop
        self.group = group
    }

    /// Validates the sweep in `file` (every trial) and runs it; `overrides` apply to every trial. With `jobs` above 1,
    /// up to that many trials run at a time in child processes of `executable` (`tlrun sweep --worker-trials`) with the
    /// machine's cores divided between them (`train.threads`).
    public func run(file: String, overrides: [String], jobs: Int = 1, executable: String? = nil) throws -> Outcome {
        let validation = SweepValidator.standard.validate(file: file, overrides: overrides)
        guard validation.isValid, let spec = validation.spec, let first = validation.validations.first else {
            throw SweepError.invalid(validation)
        }
        let folder =
            group.isLeader ? try RunFolder.create(outputDir: first.pipeline.outputDir, pipelineName: spec.name) : nil
        var results = SweepResults(
            sweep: spec.name, file: file, pipeline: spec.basePipelines.joined(separator: ", "), keys: spec.variedKeys,
            trials: [], processes: group.isDistributed ? group.size : nil)
        let distributed = group.isDistributed
        let tracked =
            distributed
            ? validation.trials.filter { $0.index % group.size == group.rank }.count : validation.trials.count
        let tracker = SweepTracker(
            spec: spec, total: tracked, of: validation.trials.count, observer: observer, log: log)
        let record = { (trials: [SweepResults.Trial]) in
            results.trials = trials.sorted { $0.index < $1.index }
            if let folder { try? SweepReport.write(results, to: folder) }
        }
        if !distributed, jobs > 1, let executable {
            try runInChildren(
                validation.trials, file: file, overrides: overrides, jobs: jobs, executable: executable,
                tracker: tracker, record: record)
        } else if distributed {
            try runAcrossProcesses(validation.trials, overrides: overrides, tracker: tracker, record: record)
        } else {
            let caches = SharedFeatureCaches()
            var done: [SweepResults.Trial] = []
            for trial in validation.trials where !shouldStop() {
                done.append(runHere(trial, overrides: overrides, caches: caches, tracker: tracker))
                record(done)
                if done.last?.status == .interrupted { break }
            }
            log("sweep: \(done.count) trials; \(caches.reuses) took their frozen features from an earlier trial")
        }
        if let folder { try SweepReport.write(results, to: folder) }
        return Outcome(folder: folder, results: results)
    }

    /// One trial in this process, its frozen features shared through `caches` with the trials before it.
    func runHere(_ trial: SweepTrial, overrides: [String], caches: SharedFeatureCaches, tracker: SweepTracker)
        -> SweepResults.Trial
    {
        var options = PipelineRunner.Options()
        options.overrides = overrides + trial.overrideTexts
        options.sharedFeatureCaches = caches
        options.reuseFinishedRuns = true
        options.processes = .single
        tracker.started(trial)
        let trialObserver = TrialObserver(tracker: tracker, trial: trial)
        let runner = PipelineRunner(options: options, observer: trialObserver, log: { _ in }, shouldStop: shouldStop)
        var result = SweepResults.Trial(trial, fixed: overrides)
        result.host = group.isDistributed ? group.host : nil
        let reusesBefore = caches.reuses
        do {
            let outcome = try runner.run(file: trial.pipeline)
            if let summary = outcome.summary {
                result.record(folder: outcome.folder, summary: summary, status: outcome.reused ? .reused : .finished)
            } else {
                result.status = .interrupted
                result.folder = outcome.folder
            }
        } catch {
            result.error = "\(error)"
        }
        result.sharedFeatures = caches.reuses > reusesBefore ? true : nil
        withExtendedLifetime(trialObserver) {}
        tracker.ended(result, trial)
        return result
    }
}

/// Why a sweep could not start.
public enum SweepError: Error, CustomStringConvertible {
    /// The sweep file or one of its trials is invalid; the diagnostics say why.
    case invalid(SweepValidator.Result)

    public var description: String {
        switch self {
        case .invalid(let result):
            return "the sweep is invalid (\(result.diagnostics.filter { $0.severity == .error }.count) problems)"
        }
    }
}
