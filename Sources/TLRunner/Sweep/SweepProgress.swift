import Foundation
import TLConfig

/// How far a sweep has got: trials done, running and failed, and what the running one is doing.
public struct SweepProgress: Sendable, Equatable {
    public var sweep: String
    /// Trials ended (finished, reused or failed), of which failed, running now, and in all.
    public var done: Int
    public var failed: Int
    public var running: Int
    public var total: Int
    /// Seconds since the sweep started.
    public var elapsed: Double
    /// The running trial's state when one runs in this process (`trial 4: epoch 2/15 40%`).
    public var current: String?

    /// Seconds left at the rate so far (nil before the first trial ends).
    public var remaining: Double? { done > 0 ? elapsed / Double(done) * Double(total - done) : nil }
}

/// Counts a sweep's trials as they start and end (from any thread), reports the progress to an observer and a plain
/// line per ended trial to a log.
final class SweepTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var progress: SweepProgress
    private let startTime = DispatchTime.now().uptimeNanoseconds
    private let constantKeys: Set<String>
    private let trialCount: Int
    private weak var observer: TrainingObserver?
    private let log: (String) -> Void

    /// A tracker of `total` trials run here out of the sweep's `trialCount`.
    init(spec: SweepSpec, total: Int, of trialCount: Int, observer: TrainingObserver?, log: @escaping (String) -> Void)
    {
        progress = SweepProgress(sweep: spec.name, done: 0, failed: 0, running: 0, total: total, elapsed: 0)
        self.trialCount = trialCount
        constantKeys = Set(spec.grid.filter { $0.values.count == 1 }.map(\.key))
        self.observer = observer
        self.log = log
    }

    /// A trial started in this process or a child.
    func started(_ trial: SweepTrial) {
        update { $0.running += 1 }
    }

    /// The running trial in this process trained a batch.
    func trained(_ trial: SweepTrial, _ batch: BatchProgress) {
        let percent = 100 * batch.batch / max(batch.batches, 1)
        update { $0.current = "trial \(trial.index + 1): epoch \(batch.epoch)/\(batch.epochs) \(percent)%" }
    }

    /// A trial ended (`wasRunning`: it had been reported as started); logs its line.
    func ended(_ result: SweepResults.Trial, _ trial: SweepTrial, wasRunning: Bool = true) {
        let snapshot = update {
            $0.done += 1
            if wasRunning { $0.running -= 1 }
            if result.status == .failed { $0.failed += 1 }
            $0.current = nil
        }
        log(Self.line(result, trial: trial, of: trialCount, progress: snapshot, constantKeys: constantKeys))
    }

    @discardableResult
    private func update(_ change: (inout SweepProgress) -> Void) -> SweepProgress {
        lock.lock()
        change(&progress)
        progress.elapsed = Double(DispatchTime.now().uptimeNanoseconds - startTime) / 1e9
        let snapshot = progress
        lock.unlock()
        observer?.sweepProgressed(snapshot)
        return snapshot
    }

    /// `trial 3/12 (slice=conv2, seed=1): test accuracy 0.7800, 1.2 s; 3 done, 1 running, 0 failed, about 15 s left`
    /// (keys with one value left out).
    static func line(
        _ result: SweepResults.Trial, trial: SweepTrial, of trialCount: Int, progress: SweepProgress,
        constantKeys: Set<String>
    ) -> String {
        let outcome: String
        switch result.status {
        case .finished, .reused:
            outcome =
                (result.testAccuracy.map { String(format: "test accuracy %.4f", $0) } ?? "finished")
                + (result.status == .reused
                    ? " (reused \(result.folder ?? ""))" : String(format: ", %.1f s", result.seconds ?? 0))
        case .failed: outcome = "failed: " + (result.error ?? "")
        case .interrupted: outcome = "interrupted"
        }
        let varying = trial.values.filter { !constantKeys.contains($0.key) }.map { "\($0.key)=\($0.text)" }.joined(
            separator: ", ")
        let counts = "\(progress.done) done, \(progress.running) running, \(progress.failed) failed"
        return "trial \(trial.index + 1)/\(trialCount) (\(varying)): \(outcome); \(counts)"
            + (progress.remaining.map { String(format: ", about %.0f s left", $0) } ?? "")
    }
}

/// Passes a sweep trial's training progress on to the sweep's tracker, and nothing else of the trial's run.
final class TrialObserver: TrainingObserver {
    private let tracker: SweepTracker
    private let trial: SweepTrial

    init(tracker: SweepTracker, trial: SweepTrial) {
        self.tracker = tracker
        self.trial = trial
    }

    func batchFinished(_ progress: BatchProgress) { tracker.trained(trial, progress) }
}
