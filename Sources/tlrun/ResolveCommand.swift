import ArgumentParser
import TLConfig
import TLGraph

/// `tlrun resolve FILE`: the pipeline after extends, overrides, defaults and the case shorthand, as JSON.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Print the resolved pipeline (every default explicit) as JSON."
    )

    @Argument(help: "Pipeline file.")
    var file: String

    @OptionGroup var options: PipelineOptions

    func run() throws {
        let result = try options.validPipeline(file, consequence: "nothing to resolve")
        emit(result.config.json() + "\n")
    }
}
