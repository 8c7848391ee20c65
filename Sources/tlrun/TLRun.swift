import ArgumentParser
import Foundation
import TLConfig
import TLEngine
import TLGraph
import TLLayerCatalog
import TLRunner

/// The `tlrun` command line: run, resume, validate, summarise and inspect transfer-learning pipelines.
@main
struct TLRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tlrun",
        abstract: "Declarative transfer-learning pipelines: validate, inspect and run them (tlrun FILE runs FILE).",
        version: TLRunVersion.text,
        subcommands: [
            RunCommand.self, ResumeCommand.self, RunsCommand.self, PredictCommand.self, ValidateCommand.self,
            AdviseCommand.self, SweepCommand.self,
            SummaryCommand.self, ResolveCommand.self, ZooCommand.self, DataCommand.self, InspectWeightsCommand.self,
            ConvertCommand.self, ExportCommand.self, SchemaCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )

    /// Parses and runs; usage errors exit with 2, invalid pipelines and failed runs with 1 (reported by `report`).
    static func main() {
        ThreadWaiting.preferPassive()
        FreedMemory.returnToSystem()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if ErrorText.isLibraryError(error) {
                report(error)
                Foundation.exit(1)
            }
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options shared by commands that read a pipeline.
struct PipelineOptions: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override a key: --set optimizer.lr=0.01 (repeatable).", valueName: "key=value"))
    var overrides: [String] = []

    @Flag(help: "Skip file-system checks (data and weights paths), e.g. on CI machines without the data.")
    var offline = false

    /// Validates `file`; when it is invalid, reports the diagnostics and `consequence` on standard error, and exits with 1.
    func validPipeline(_ file: String, consequence: String) throws -> ValidationResult {
        let result = PipelineValidator.standard.validate(file: file, overrides: overrides, offline: offline)
        guard result.isValid, result.graph != nil else {
            reportInvalid(result.diagnostics, file: file, consequence: consequence)
            throw ExitCode(1)
        }
        return result
    }
}

/// Writes text to standard output without an extra newline.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Reports a failure on standard error as one `error: ...` line (every command reports failures here).
func emitError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}
