import Dispatch
import Foundation
import TLConfig
import TLGraph
import TLLayerCatalog

extension SweepRunner {
    /// Keys that change how a trial trains but not its frozen features: trials differing only in these are run by one
    /// child, one after the other, so that they compute those features once.
    static let trainingOnlyKeys = [
        "seed", "optimizer", "schedule", "train.epochs", "train.early_stopping", "train.grad_clip",
        "train.label_smoothing", "train.best_metric", "train.threads", "train.sync_batchnorm",
    ]

    /// Runs the trials `jobs` at a time in child `tlrun sweep --worker-trials` processes, each with an equal share of the
    /// cores and a run of trials that share frozen features. Finished runs are looked up (and a source pipeline
    /// trained) in this process first, one trial after the other.
    func runInChildren(
        _ trials: [SweepTrial], file: String, overrides: [String], jobs: Int, executable: String, tracker: SweepTracker,
        record: @escaping ([SweepResults.Trial]) -> Void
    ) throws {
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount / jobs)
        let shared = overrides + ["train.threads=\(threads)"]
        log("sweep: \(trials.count) trials, \(jobs) at a time with \(threads) thread\(threads == 1 ? "" : "s") each")
        let lock = NSLock()
        var done: [SweepResults.Trial] = []
        func finish(_ result: SweepResults.Trial, _ trial: SweepTrial, wasRunning: Bool) {
            tracker.ended(result, trial, wasRunning: wasRunning)
            lock.lock()
            done.append(result)
            record(done)
            lock.unlock()
        }
        var pending: [SweepTrial] = []
        for trial in trials where !shouldStop() {
            if let reused = lookUpFinished(trial, overrides: shared) {
                finish(reused, trial, wasRunning: false)
            } else {
                pending.append(trial)
            }
        }
        let units = Self.units(pending, jobs: jobs)
        var next = 0
        DispatchQueue.concurrentPerform(iterations: min(jobs, units.count)) { _ in
            while true {
                lock.lock()
                let position = next
                next += 1
                lock.unlock()
                guard position < units.count, !shouldStop() else { return }
                runWorker(units[position], file: file, overrides: shared, executable: executable, tracker: tracker) {
                    finish($0, $1, wasRunning: $2)
                }
            }
        }
    }

    /// The pending trials in runs for one child each: trials that differ only in training-only keys together, larger
    /// runs halved until there is one per job (so that every job has work).
    static func units(_ trials: [SweepTrial], jobs: Int) -> [[SweepTrial]] {
        var groups: [(key: String, trials: [SweepTrial])] = []
        for trial in trials {
            let key =
                ([trial.pipeline]
                + trial.overrides.filter { override in
                    !trainingOnlyKeys.contains {
                        override.path.description == $0 || override.path.description.hasPrefix($0 + ".")
                    }
                }.map(\.text)).joined(separator: "\n")
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].trials.append(trial)
            } else {
                groups.append((key, [trial]))
            }
        }
        var units = groups.map(\.trials)
        while units.count < jobs, let largest = units.indices.max(by: { units[$0].count < units[$1].count }),
            units[largest].count > 1
        {
            let run = units.remove(at: largest)
            units.insert(contentsOf: [Array(run[..<(run.count / 2)]), Array(run[(run.count / 2)...])], at: largest)
        }
        return units
    }

    /// Runs `unit` in one child (`tlrun sweep FILE --worker-trials i,j,...`), which prints each trial's result as a JSON
    /// line as it ends; a trial the child did not report (it crashed) is recorded as failed with its last error line.
    private func runWorker(
        _ unit: [SweepTrial], file: String, overrides: [String], executable: String, tracker: SweepTracker,
        finish: (SweepResults.Trial, SweepTrial, _ wasRunning: Bool) -> Void
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            ["sweep", file, "--worker-trials", unit.map { "\($0.index)" }.joined(separator: ",")]
            + overrides.flatMap { ["--set", $0] }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !["OMPI_", "PMIX_", "PMI_"].contains { key.hasPrefix($0) }
        }
        var reported = Set<Int>()
        tracker.started(unit[0])
        do {
            try process.run()
            var buffer = Data()
            let decoder = JSONDecoder()
            while case let chunk = output.fileHandleForReading.availableData, !chunk.isEmpty {
                buffer += chunk
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer = Data(buffer[(newline + 1)...])
                    if let result = try? decoder.decode(SweepResults.Trial.self, from: line),
                        let trial = unit.first(where: { $0.index == result.index })
                    {
                        reported.insert(result.index)
                        finish(result, trial, true)
                        if let next = unit.first(where: { !reported.contains($0.index) }) { tracker.started(next) }
                    }
                }
            }
        } catch {}
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let reason =
            complaint.split(separator: "\n").last.map(String.init)
            ?? "the trial's process ended with status \(process.terminationStatus)"
        for (position, trial) in unit.enumerated() where !reported.contains(trial.index) {
            var result = SweepResults.Trial(trial, fixed: overrides)
            result.error = reason.hasPrefix("error: ") ? String(reason.dropFirst(7)) : reason
            finish(result, trial, position == reported.count)
        }
    }

    /// Runs the trials at `indices` one after the other in this process (sharing frozen features) without a sweep
    /// folder, passing each result to `emit` as it ends: the child side of `--jobs`.
    public func runWorker(file: String, overrides: [String], indices: [Int], emit: (SweepResults.Trial) -> Void) throws
    {
        let validation = SweepValidator.standard.validate(file: file, overrides: overrides)
        guard validation.isValid, let spec = validation.spec else { throw SweepError.invalid(validation) }
        let trials = validation.trials.filter { indices.contains($0.index) }
        let tracker = SweepTracker(
            spec: spec, total: trials.count, of: validation.trials.count, observer: nil, log: { _ in })
        let caches = SharedFeatureCaches()
        for trial in trials where !shouldStop() {
            emit(runHere(trial, overrides: overrides, caches: caches, tracker: tracker))
        }
    }

    /// The trial's finished run (training its source pipeline first when needed), a failed trial when it cannot be
    /// looked up, or nil when it has to run.
    func lookUpFinished(_ trial: SweepTrial, overrides: [String]) -> SweepResults.Trial? {
        var options = PipelineRunner.Options()
        options.overrides = overrides + trial.overrideTexts
        options.processes = .single
        var result = SweepResults.Trial(trial, fixed: overrides)
        do {
            guard
                let reused = try PipelineRunner(options: options, observer: nil, log: { _ in })
                    .finishedRun(file: trial.pipeline, overrides: options.overrides)
            else { return nil }
            result.record(folder: reused, summary: try RunSummary.read(folder: reused), status: .reused)
        } catch {
            result.error = "\(error)"
        }
        return result
    }
}
