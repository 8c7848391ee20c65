import Dispatch
import Foundation
import TLConfig

extension SweepRunner {
    /// Runs the trials `jobs` at a time as child `tlrun run` processes, each with an equal share of the cores. Finished
    /// runs are looked up (and a source pipeline trained) in this process first, one trial after the other.
    func runInChildren(_ trials: [SweepTrial], spec: SweepSpec, overrides: [String], jobs: Int, executable: String,
                       folder: String) throws -> Outcome {
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount / jobs)
        let shared = overrides + ["train.threads=\(threads)"]
        log("sweep: \(trials.count) trials, \(jobs) at a time with \(threads) thread\(threads == 1 ? "" : "s") each")
        var results = SweepResults(sweep: spec.name, file: spec.file, pipeline: spec.pipeline, keys: spec.variedKeys, trials: [])
        let constantKeys = Set(spec.grid.filter { $0.values.count == 1 }.map(\.key))
        let started = DispatchTime.now().uptimeNanoseconds
        let lock = NSLock()
        func finish(_ result: SweepResults.Trial, _ trial: SweepTrial) {
            lock.lock()
            defer { lock.unlock() }
            results.trials.append(result)
            results.trials.sort { $0.index < $1.index }
            log(progressLine(result, trial: trial, done: results.trials.count, of: trials.count, constantKeys: constantKeys, elapsed: started))
            try? SweepReport.write(results, to: folder)
        }
        var pending: [SweepTrial] = []
        for trial in trials {
            var options = PipelineRunner.Options()
            options.overrides = shared + trial.overrideTexts
            var result = SweepResults.Trial(index: trial.index, values: trial.values.map(\.text), status: .failed)
            do {
                guard let reused = try PipelineRunner(options: options, observer: nil, log: log)
                    .finishedRun(file: spec.pipeline, overrides: options.overrides) else {
                    pending.append(trial)
                    continue
                }
                result.record(folder: reused, summary: try RunSummary.read(folder: reused), status: .reused)
            } catch {
                result.error = "\(error)"
            }
            finish(result, trial)
        }
        var next = 0
        DispatchQueue.concurrentPerform(iterations: min(jobs, pending.count)) { _ in
            while true {
                lock.lock()
                let position = next
                next += 1
                lock.unlock()
                guard position < pending.count, !shouldStop() else { return }
                let trial = pending[position]
                finish(runChild(trial, pipeline: spec.pipeline, overrides: shared + trial.overrideTexts, executable: executable), trial)
            }
        }
        try SweepReport.write(results, to: folder)
        return Outcome(folder: folder, results: results)
    }

    /// One trial as `tlrun run PIPELINE --set ... --quiet` in a child process; its run folder is the last line it prints.
    private func runChild(_ trial: SweepTrial, pipeline: String, overrides: [String], executable: String) -> SweepResults.Trial {
        var result = SweepResults.Trial(index: trial.index, values: trial.values.map(\.text), status: .failed)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["run", pipeline, "--quiet"] + overrides.flatMap { ["--set", $0] }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let folder = printed.split(separator: "\n").last.map(String.init)
            if process.terminationStatus == 0, let folder {
                result.record(folder: folder, summary: try RunSummary.read(folder: folder), status: .finished)
            } else {
                result.folder = folder
                let line = complaint.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
                result.error = line.hasPrefix("error: ") ? String(line.dropFirst(7)) : line
            }
        } catch {
            result.error = "\(error)"
        }
        return result
    }
}
