import ArgumentParser
import TLConfig
import TLGraph

/// `tlrun validate FILE...`: static checks of every pipeline, all problems in one pass.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipelines without loading weights or reading data (exit 0 valid, 1 invalid, 2 usage)."
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
            let result = PipelineValidator.validate(file: file, overrides: options.overrides, offline: options.offline)
            all += result.diagnostics
            if !result.isValid { invalid += 1 }
            if format == .text {
                emit(renderer.render(result.diagnostics, format: .text))
                let errors = result.diagnostics.filter { $0.severity == .error }.count
                let warnings = result.diagnostics.filter { $0.severity == .warning }.count
                emit("\(file): \(result.isValid ? "valid" : "invalid") (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"))\n")
            }
        }
        if format != .text { emit(renderer.render(all, format: format)) }
        if invalid > 0 { throw ExitCode(1) }
    }
}

extension DiagnosticRenderer.Format: ExpressibleByArgument {}
