import ArgumentParser
import TLConfig
import TLGraph
import TLRunner

/// `tlrun summary FILE`: the resolved pipeline as a layer table with totals.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Show the network a pipeline trains: layers, shapes, parameters, what is frozen, and totals."
    )

    @Argument(help: "Pipeline file.")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: TableFormat = .text

    @Flag(help: "Also list every setting with the file, override, default or case that set it.")
    var explain = false

    @Flag(
        help:
            "Also list the oneDNN implementation each layer runs on this CPU, per direction, in the training and evaluation plans."
    )
    var kernels = false

    @OptionGroup var options: PipelineOptions

    func run() throws {
        let result = try options.validPipeline(file, consequence: "no summary")
        let graph = result.graph!
        var renderer = DiagnosticRenderer()
        let batch = result.pipeline.train.batchSize
        let explained = ConfigExplainer.entries(result.config.root)
        switch format {
        case .json:
            var extra: [(String, JSONValue)] = [("pipeline", .string(result.pipeline.name)), ("file", .string(file))]
            if explain {
                extra.append(
                    (
                        "settings",
                        .array(
                            explained.map {
                                .object([
                                    ("path", .string($0.path)), ("value", .string($0.value)),
                                    ("origin", .string($0.origin)),
                                ])
                            })
                    ))
            }
            if kernels { extra.append(("kernels", try KernelTable.json(KernelReport(graph: graph, batchSize: batch)))) }
            emit(SummaryText.json(graph, batchSize: batch, extra: extra).rendered() + "\n")
        case .text:
            let pipeline = result.pipeline
            emit("pipeline \(pipeline.name) (\(file))\n")
            if let number = pipeline.transferCase {
                let set = explained.filter { $0.origin == "(case \(number))" }.map { "\($0.path)=\($0.value)" }
                emit(
                    "case \(number) shorthand set: "
                        + (set.isEmpty ? "nothing (the file sets slice, freeze and head)" : set.joined(separator: ", "))
                        + "\n")
            }
            emit(renderer.render(result.diagnostics, format: .text))
            emit("\n" + SummaryText.layerTable(graph, showTraining: true) + "\n")
            emit(SummaryText.totalsText(GraphSummary.totals(graph, batchSize: batch), batchSize: batch))
            if explain {
                emit("\nsettings (value and where it was set):\n")
                emit(
                    SummaryText.table([["key", "value", "set by"]] + explained.map { [$0.path, $0.value, $0.origin] }))
            }
            if kernels {
                emit("\n" + KernelTable.text(try KernelReport(graph: graph, batchSize: batch), batchSize: batch))
            }
        }
    }
}

/// Formats for tables.
enum TableFormat: String, ExpressibleByArgument {
    case text, json
}
