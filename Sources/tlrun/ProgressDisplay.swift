import Foundation
import TLRunner

/// How `tlrun run` reports: a live bar on a terminal, plain lines otherwise, JSON lines, or only the result.
enum ProgressStyle {
    case live, lines, json, quiet

    /// The style for the flags given and whether standard output is a terminal.
    static func chosen(quiet: Bool, jsonLog: Bool) -> ProgressStyle {
        if jsonLog { return .json }
        if quiet { return .quiet }
        return isatty(STDOUT_FILENO) == 1 ? .live : .lines
    }
}

/// Shows a run's stages, batches and epochs in the chosen style.
final class ProgressDisplay: TrainingObserver {
    private let style: ProgressStyle
    private var lastDraw = Date.distantPast
    private var barShown = false

    init(style: ProgressStyle) { self.style = style }

    /// A free-form line (a weight-load report, the run folder).
    func log(_ text: String) {
        switch style {
        case .live, .lines: line(text)
        case .json: event(["event": "log", "message": text])
        case .quiet: break
        }
    }

    func stageFinished(_ stage: String, detail: String, seconds: Double) {
        let detail = FlagText.stageDetail(detail)
        switch style {
        case .live, .lines: line(String(format: "%@ (%.2f s): %@", stage, seconds, detail))
        case .json: event(["event": "stage", "stage": stage, "detail": detail, "seconds": seconds])
        case .quiet: break
        }
    }

    /// Says how to continue the stopped run.
    func runInterrupted(folder: String) { log(FlagText.interrupted(folder: folder)) }

    /// On a terminal, redraws the bar (at most ten times a second); otherwise writes a plain progress line
    /// every 30 seconds within a long epoch.
    func batchFinished(_ progress: BatchProgress) {
        let now = Date()
        switch style {
        case .live where progress.batch == progress.batches || now.timeIntervalSince(lastDraw) > 0.1:
            let width = 24, filled = width * progress.batch / max(progress.batches, 1)
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + Self.text(progress, bar: bar + " ")).utf8))
            barShown = true
        case .lines where progress.batch < progress.batches && now.timeIntervalSince(lastDraw) > 30:
            line(Self.text(progress, bar: ""))
        default:
            return
        }
        lastDraw = now
    }

    /// On a terminal, redraws a bar for the work (at most ten times a second); otherwise a plain line every 30 seconds.
    func workProgressed(_ progress: WorkProgress) {
        let now = Date()
        let remaining = progress.elapsed / Double(max(progress.done, 1)) * Double(progress.total - progress.done)
        func text(_ bar: String) -> String {
            String(
                format: "%@ %@%d/%d %@  %.0f %@/s  ETA %@", progress.task, bar, progress.done, progress.total,
                progress.unit, progress.rate,
                progress.unit, Self.clock(remaining))
        }
        switch style {
        case .live where progress.done == progress.total || now.timeIntervalSince(lastDraw) > 0.1:
            let width = 24, filled = width * progress.done / max(progress.total, 1)
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + text(bar + " ")).utf8))
            barShown = true
        case .lines where progress.done < progress.total && now.timeIntervalSince(lastDraw) > 30:
            line(text(""))
        default:
            return
        }
        lastDraw = now
    }

    /// On a terminal, redraws one line for the sweep (at most ten times a second); plain lines come from the log.
    func sweepProgressed(_ progress: SweepProgress) {
        let now = Date()
        guard style == .live, now.timeIntervalSince(lastDraw) > 0.1 || progress.current == nil else { return }
        let width = 24, filled = width * progress.done / max(progress.total, 1)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let text =
            "sweep \(progress.sweep) \(bar) \(progress.done)/\(progress.total) done, \(progress.running) running, \(progress.failed) failed"
            + "  ETA \(progress.remaining.map(Self.clock) ?? "?")" + (progress.current.map { "  | \($0)" } ?? "")
        FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + text).utf8))
        barShown = true
        lastDraw = now
    }

    private static func text(_ progress: BatchProgress, bar: String) -> String {
        let remaining = progress.elapsed / Double(progress.batch) * Double(progress.batches - progress.batch)
        return String(
            format: "epoch %d/%d %@%d/%d  loss %.4f  acc %.4f  %.0f img/s  ETA %@", progress.epoch, progress.epochs,
            bar,
            progress.batch, progress.batches, progress.loss, progress.accuracy, progress.imagesPerSecond,
            clock(remaining))
    }

    func epochStarted(_ epoch: Int, of epochs: Int, batches: Int) {
        if style == .lines { lastDraw = Date() }
    }

    func epochFinished(_ metrics: EpochMetrics, of epochs: Int) {
        switch style {
        case .live, .lines:
            var text = String(
                format: "epoch %d/%d  lr %.2g  train loss %.4f acc %.4f", metrics.epoch, epochs, metrics.learningRate,
                metrics.trainLoss, metrics.trainAccuracy)
            if let val = metrics.validation {
                text += String(format: "  val loss %.4f acc %.4f", val.loss, val.accuracy)
            }
            text += String(
                format: "  %.1f s (data wait %.1f%%)", metrics.seconds,
                100 * metrics.dataWaitSeconds / max(metrics.seconds, 1e-9))
            line(text)
        case .json:
            var fields: [String: Any] = [
                "event": "epoch", "epoch": metrics.epoch, "epochs": epochs, "lr": metrics.learningRate,
                "train_loss": metrics.trainLoss, "train_accuracy": metrics.trainAccuracy, "seconds": metrics.seconds,
            ]
            if let val = metrics.validation {
                fields["val_loss"] = val.loss
                fields["val_accuracy"] = val.accuracy
            }
            event(fields)
        case .quiet: break
        }
    }

    /// Writes one JSON object as a line.
    func event(_ fields: [String: Any]) {
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: fields.mapValues { value -> Any in
                    if let number = value as? Double, !number.isFinite { return "\(number)" }
                    return value
                }, options: [.sortedKeys])
        else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    private func line(_ text: String) {
        let prefix = barShown ? "\r\u{1B}[2K" : ""
        barShown = false
        FileHandle.standardOutput.write(Data((prefix + text + "\n").utf8))
    }

    private static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let whole = Int(seconds.rounded())
        return whole >= 60 ? String(format: "%d:%02d", whole / 60, whole % 60) : "\(whole) s"
    }
}
