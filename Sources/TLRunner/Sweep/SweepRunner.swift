import Dispatch
import Foundation
import TLConfig
import TLGraph

/// `tlrun sweep`: runs every trial of a sweep file one after the other (a finished trial with the same inputs is
/// reused, so an interrupted sweep continues), records a failed trial and goes on, and writes the sweep folder.
public final class SweepRunner {
    /// How a sweep ended.
    public struct Outcome {
        /// The sweep folder (`runs/<sweep name>/<id>/`).
        public var folder: String
        public var results: SweepResults
    }

    private weak var observer: TrainingObserver?
    let log: (String) -> Void
    let shouldStop: () -> Bool

    /// A runner reporting trials to `log` and each trial's training to `observer`; `shouldStop` is polled between batches.
    public init(observer: TrainingObserver?, log: @escaping (String) -> Void, shouldStop: @escaping () -> Bool = { false }) {
        self.observer = observer
        self.log = log
        self.shouldStop = shouldStop
    }

    /// Validates the sweep in `file` (every trial) and runs it; `overrides` apply to every trial. With `jobs` above 1,
    /// up to that many trials run at a time, each a child process of `executable` (`tlrun run`) with the machine's
    /// cores divided between them (`train.threads`).
    public func run(file: String, overrides: [String], jobs: Int = 1, executable: String? = nil) throws -> Outcome {
        let validation = SweepValidator.validate(file: file, overrides: overrides)
        guard validation.isValid, let spec = validation.spec, let first = validation.validations.first else {
            throw SweepError.invalid(validation)
        }
        let folder = try RunFolder.create(outputDir: first.pipeline.outputDir, pipelineName: spec.name)
        if jobs > 1, let executable {
            return try runInChildren(validation.trials, spec: spec, overrides: overrides, jobs: jobs, executable: executable, folder: folder)
        }
        var results = SweepResults(sweep: spec.name, file: file, pipeline: spec.pipeline, keys: spec.variedKeys, trials: [])
        let started = DispatchTime.now().uptimeNanoseconds
        let caches = SharedFeatureCaches()
        for trial in validation.trials {
            if shouldStop() { break }
            var options = PipelineRunner.Options()
            options.overrides = overrides + trial.overrideTexts
            options.sharedFeatureCaches = caches
            options.reuseFinishedRuns = true
            let runner = PipelineRunner(options: options, observer: observer, log: log, shouldStop: shouldStop)
            var result = SweepResults.Trial(index: trial.index, values: trial.values.map(\.text), status: .failed)
            do {
                let outcome = try runner.run(file: spec.pipeline)
                if let summary = outcome.summary {
                    result.record(folder: outcome.folder, summary: summary, status: outcome.reused ? .reused : .finished)
                } else {
                    result.status = .interrupted
                    result.folder = outcome.folder
                }
            } catch {
                result.error = "\(error)"
            }
            results.trials.append(result)
            log(progressLine(result, trial: trial, done: results.trials.count, of: validation.trials.count, constantKeys: Set(spec.grid.filter { $0.values.count == 1 }.map(\.key)),
                             elapsed: started))
            try SweepReport.write(results, to: folder)
            if result.status == .interrupted { break }
        }
        log("sweep: \(results.trials.count) trials; \(caches.reuses) took their frozen features from an earlier trial")
        return Outcome(folder: folder, results: results)
    }

    /// `trial 3/12 (slice=conv2, seed=1): test accuracy 0.7800, 1.2 s; about 15 s left` (keys with one value left out).
    func progressLine(_ result: SweepResults.Trial, trial: SweepTrial, done: Int, of count: Int, constantKeys: Set<String>, elapsed started: UInt64) -> String {
        let outcome: String
        switch result.status {
        case .finished, .reused:
            outcome = (result.testAccuracy.map { String(format: "test accuracy %.4f", $0) } ?? "finished")
                + (result.status == .reused ? " (reused \(result.folder ?? ""))" : String(format: ", %.1f s", result.seconds ?? 0))
        case .failed: outcome = "failed: " + (result.error ?? "")
        case .interrupted: outcome = "interrupted"
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let remaining = seconds / Double(done) * Double(count - done)
        let varying = trial.values.filter { !constantKeys.contains($0.key) }.map { "\($0.key)=\($0.text)" }.joined(separator: ", ")
        return "trial \(trial.index + 1)/\(count) (\(varying)): \(outcome)" + String(format: "; about %.0f s left", remaining)
    }
}

/// Why a sweep could not start.
public enum SweepError: Error, CustomStringConvertible {
    /// The sweep file or one of its trials is invalid; the diagnostics say why.
    case invalid(SweepValidator.Result)

    public var description: String {
        switch self {
        case .invalid(let result): return "the sweep is invalid (\(result.diagnostics.filter { $0.severity == .error }.count) problems)"
        }
    }
}
