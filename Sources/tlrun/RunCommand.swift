import ArgumentParser
import Foundation
import TLConfig
import TLDistributed
import TLRunner

/// `tlrun run FILE` (or `tlrun FILE`): runs a pipeline end to end into a run folder.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: source, slice, freeze, head, data, feature cache, train, evaluate, export.",
        discussion:
            "Writes runs/<name>/<run id>/ and prints that folder last. A source pipeline (weights: {pipeline: ...}) "
            + "is run first when it has no finished run for its current inputs. Ctrl-C stops after the current batch "
            + "and saves a checkpoint for 'tlrun resume'."
    )

    @Argument(help: "Pipeline file.")
    var file: String

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override a key: --set optimizer.lr=0.01 (repeatable).", valueName: "key=value"))
    var overrides: [String] = []

    @Flag(
        help:
            "Train the same network from random weights with nothing frozen (the baseline the transfer is measured against)."
    )
    var fromScratch = false

    @OptionGroup var display: RunDisplayOptions

    /// A bare word that names no file is a mistyped command (usage, exit 2); a missing pipeline path is an
    /// invalid pipeline (exit 1), as in `tlrun validate`.
    func validate() throws {
        let looksLikeAPath = file.contains("/") || [".yaml", ".yml", ".json"].contains { file.hasSuffix($0) }
        guard looksLikeAPath || FileManager.default.fileExists(atPath: file) else {
            throw ValidationError("'\(file)' is neither a command nor a pipeline file; see 'tlrun --help'")
        }
    }

    func run() throws {
        var options = display.runnerOptions
        options.overrides = overrides + (fromScratch ? ["source.weights=random", "freeze=none"] : [])
        try display.execute(options) { try $0.run(file: file) }
    }
}

/// `tlrun resume RUN_DIR`: continues a stopped or killed run from its last checkpoint.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a stopped or killed run from its last checkpoint; it ends as an uninterrupted run would."
    )

    @Argument(help: "Run folder (runs/<name>/<run id>).")
    var folder: String

    @Flag(help: "Resume even though the pipeline file changed since the run started.")
    var force = false

    @Flag(
        name: .customLong("init-new-layers"),
        help:
            "With --force: layers the pipeline gained since the checkpoint start from their initialisation (listed) instead of being an error."
    )
    var initializeNewLayers = false

    @OptionGroup var display: RunDisplayOptions

    func run() throws {
        var options = display.runnerOptions
        options.force = force
        options.initializeNewLayers = initializeNewLayers
        try display.execute(options) { try $0.resume(folder: folder) }
    }
}

/// Display, cache and weight-loading flags shared by `run` and `resume`, and the code that runs with them.
struct RunDisplayOptions: ParsableArguments {
    @Flag(help: "Print only the run folder (and errors).")
    var quiet = false

    @Flag(name: .customLong("json-log"), help: "Print one JSON object per event (stage, epoch, result) for machines.")
    var jsonLog = false

    @Flag(
        name: .customLong("no-feature-cache"),
        help: "Always run the whole network, even where frozen features could be cached.")
    var noFeatureCache = false

    @Flag(
        name: .customLong("allow-non-finite-weights"),
        help:
            "Load source weights (or a checkpoint) holding NaN or infinite values, with a warning listing them, instead of refusing them."
    )
    var allowNonFiniteWeights = false

    var runnerOptions: PipelineRunner.Options {
        var options = PipelineRunner.Options()
        options.featureCache = !noFeatureCache
        options.allowNonFiniteWeights = allowNonFiniteWeights
        return options
    }

    /// Runs `body` with a runner that reports in the chosen style; prints the result and the run folder last. Under
    /// `mpirun` only rank 0 reports, and a failure on any process names its rank and stops every process.
    func execute(_ options: PipelineRunner.Options, _ body: (PipelineRunner) throws -> PipelineRunner.Outcome) throws {
        let group = options.processes
        guard group.isLeader else { return try executeFollower(options, body) }
        let display = ProgressDisplay(style: ProgressStyle.chosen(quiet: quiet, jsonLog: jsonLog))
        let interrupt = InterruptFlag.install()
        let runner = PipelineRunner(
            options: options, observer: display, log: display.log, shouldStop: { interrupt.isSet })
        do {
            let outcome = try body(runner)
            if let test = outcome.summary?.test {
                display.log(
                    String(format: "test: loss %.4f accuracy %.4f on %d images", test.loss, test.accuracy, test.images))
            }
            if let summary = outcome.summary {
                display.log(
                    String(
                        format: "done: %d epoch%@ in %.1f s", summary.epochs, summary.epochs == 1 ? "" : "s",
                        summary.seconds))
            }
            if jsonLog {
                display.event([
                    "event": "result", "folder": outcome.folder, "status": outcome.manifest.status.rawValue,
                    "test_accuracy": outcome.summary?.test?.accuracy ?? NSNull(),
                ])
            } else {
                emit(outcome.folder + "\n")
            }
            if outcome.summary == nil { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            guard group.isDistributed else {
                report(error)
                throw ExitCode(1)
            }
            stopEveryProcess(after: error, group: group)
        }
    }

    /// A process other than rank 0 of a data-parallel run: trains its share silently.
    private func executeFollower(
        _ options: PipelineRunner.Options, _ body: (PipelineRunner) throws -> PipelineRunner.Outcome
    ) throws {
        let interrupt = InterruptFlag.install()
        do {
            _ = try body(
                PipelineRunner(options: options, observer: nil, log: { _ in }, shouldStop: { interrupt.isSet }))
        } catch {
            stopEveryProcess(after: error, group: options.processes)
        }
    }

    /// Reports a process's failure with its rank and host, and ends every process of the launch (the last checkpoint,
    /// written atomically by rank 0, stays intact).
    private func stopEveryProcess(after error: Error, group: ProcessGroup) -> Never {
        emitError("rank \(group.rank) of \(group.size) (\(group.host)): " + ErrorText.message(for: error))
        group.abort(code: 1)
    }
}
