import ArgumentParser
import Foundation
import TLDistributed
import TLRunner

/// `tlrun sweep FILE`: runs every trial of a sweep file and writes the sweep folder.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract:
            "Run every trial of a sweep file (grid and random search over any key) and compare them, mean and spread over seeds.",
        discussion:
            "Validates the sweep file and every trial first. Trials run one after the other (--jobs N: N at a time); a trial whose inputs match a "
            + "finished run reuses it, so a stopped sweep continues where it stopped. A failed trial is recorded and the sweep goes on. "
            + "Started by mpirun (mpirun -np N tlrun sweep FILE), the trials are split across the N processes and rank 0 writes the results. "
            + "Writes runs/<sweep>/<id>/ (sweep.json, table.md, accuracy.svg, report.md) and prints that folder last."
    )

    @Argument(help: "Sweep file.")
    var file: String

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override a key in every trial: --set train.epochs=5 (repeatable).", valueName: "key=value"))
    var overrides: [String] = []

    @Option(help: "Trials to run at a time, each a child process with an equal share of the cores.")
    var jobs = 1

    @Flag(help: "Print only the trials' results and the sweep folder (and errors).")
    var quiet = false

    @Option(help: .hidden)
    var workerTrials: String?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        if let workerTrials { return try runWorker(indices: workerTrials.split(separator: ",").compactMap { Int($0) }) }
        let group = ProcessGroup.world
        let style = ProgressStyle.chosen(quiet: quiet, jsonLog: false)
        let display = ProgressDisplay(style: group.isDistributed && style == .live ? .lines : style)
        let interrupt = InterruptFlag.install()
        let prefix = group.isDistributed ? "rank \(group.rank)/\(group.size) (\(group.host)): " : ""
        let runner = SweepRunner(
            observer: quiet ? nil : display, log: quiet ? { _ in } : { display.log(prefix + $0) },
            shouldStop: { interrupt.isSet })
        do {
            let outcome = try runner.run(
                file: file, overrides: overrides, jobs: jobs, executable: Bundle.main.executablePath)
            guard let folder = outcome.folder else { return }
            emit(SweepReport.table(outcome.results))
            emit(folder + "\n")
            if outcome.results.trials.contains(where: { $0.status == .failed || $0.status == .interrupted }) {
                throw ExitCode(1)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch SweepError.invalid(let result) {
            reportInvalid(result.diagnostics, file: file, consequence: "no trial was run")
            throw ExitCode(1)
        } catch {
            report(error)
            throw ExitCode(1)
        }
    }

    /// The child side of --jobs: runs the listed trials and prints each result as a JSON line.
    private func runWorker(indices: [Int]) throws {
        let interrupt = InterruptFlag.install()
        let encoder = JSONEncoder()
        do {
            try SweepRunner(observer: nil, log: { _ in }, shouldStop: { interrupt.isSet }, group: .single).runWorker(
                file: file, overrides: overrides, indices: indices
            ) {
                if let line = try? encoder.encode($0) { emit(String(decoding: line, as: UTF8.self) + "\n") }
            }
        } catch {
            report(error)
            throw ExitCode(1)
        }
    }
}
