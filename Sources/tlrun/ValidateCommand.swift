import ArgumentParser
import TLConfig
import TLGraph
import TLLayerCatalog

/// `tlrun validate FILE...`: static checks of every pipeline, all problems in one pass.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract:
            "Check pipelines (and sweep files, every trial) without loading weights or reading data (exit 0 valid, 1 invalid, 2 usage)."
    )

    @Argument(help: "Pipeline files.")
    var files: [String]

    @Option(help: "Output format: text, json or github (workflow annotations).")
    var format: DiagnosticRenderer.Format = .text

    @OptionGroup var options: PipelineOptions

    func run() throws {
        var renderer = DiagnosticRenderer()
        var invalid = 0
        var all: [Diagnostic] = []
        for file in files {
            let (diagnostics, isValid, what) = checks(file)
            all += diagnostics
            if !isValid { invalid += 1 }
            if format == .text {
                emit(renderer.render(diagnostics, format: .text))
                let errors = diagnostics.filter { $0.severity == .error }.count
                let warnings = diagnostics.filter { $0.severity == .warning }.count
                emit(
                    "\(file): \(isValid ? "valid" : "invalid")\(what) (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"))\n"
                )
            }
        }
        if format != .text { emit(renderer.render(all, format: format)) }
        if invalid > 0 { throw ExitCode(1) }
    }

    /// The diagnostics of a pipeline file, or of a sweep file and every trial it expands to (with the trial count).
    private func checks(_ file: String) -> (diagnostics: [Diagnostic], isValid: Bool, what: String) {
        guard SweepFile.isSweep(file) else {
            let result = PipelineValidator.standard.validate(
                file: file, overrides: options.overrides, offline: options.offline)
            return (result.diagnostics, result.isValid, "")
        }
        let result = SweepValidator.standard.validate(
            file: file, overrides: options.overrides, offline: options.offline)
        return (result.diagnostics, result.isValid, result.spec == nil ? "" : " sweep of \(result.trials.count) trials")
    }
}

extension DiagnosticRenderer.Format: ExpressibleByArgument {}
