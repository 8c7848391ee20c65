import ArgumentParser
import Foundation
import TLRunner

/// `tlrun sweep FILE`: runs every trial of a sweep file and writes the sweep folder.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run every trial of a sweep file (grid and random search over any key) and compare them, mean and spread over seeds.",
        discussion: "Validates the sweep file and every trial first. Trials run one after the other (--jobs N: N at a time); a trial whose inputs match a "
            + "finished run reuses it, so a stopped sweep continues where it stopped. A failed trial is recorded and the sweep goes on. "
            + "Writes runs/<sweep>/<id>/ (sweep.json, table.md, accuracy.svg, report.md) and prints that folder last."
    )

    @Argument(help: "Sweep file.")
    var file: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a key in every trial: --set train.epochs=5 (repeatable).", valueName: "key=value"))
    var overrides: [String] = []

    @Option(help: "Trials to run at a time, each a child process with an equal share of the cores.")
    var jobs = 1

    @Flag(help: "Print only the trials' results and the sweep folder (and errors).")
    var quiet = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        let display = ProgressDisplay(style: ProgressStyle.chosen(quiet: quiet, jsonLog: false))
        let interrupt = InterruptFlag.install()
        let runner = SweepRunner(observer: quiet ? nil : display, log: quiet ? { _ in } : display.log, shouldStop: { interrupt.isSet })
        do {
            let outcome = try runner.run(file: file, overrides: overrides, jobs: jobs, executable: Bundle.main.executablePath)
            emit(SweepReport.table(outcome.results))
            emit(outcome.folder + "\n")
            if outcome.results.trials.contains(where: { $0.status == .failed || $0.status == .interrupted }) { throw ExitCode(1) }
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
}
