import ArgumentParser
import Foundation
import TLConfig
import TLGraph

/// `tlrun zoo [NAME]`: the built-in architectures and their layer tables.
struct ZooCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo",
        abstract:
            "List the zoo models, or show one model's layers (names usable as slicing points), shapes and parameters."
    )

    @Argument(help: "A model name; omit to list every model.")
    var name: String?

    @Option(help: "Input as CxHxW, e.g. 3x64x64 (default: the model's own).")
    var input: String?

    @Option(help: "Number of classes of the final layer (default: the model's own).")
    var classes: Int?

    @Option(help: "Output format: text or json.")
    var format: TableFormat = .text

    func validate() throws {
        if let classes, classes < 1 { throw ValidationError("--classes must be at least 1") }
        if let input, parsedInput(input) == nil {
            throw ValidationError(
                "--input must look like 3x224x224 (channels x height x width, each ≥ 1), got '\(input)'")
        }
        if let name, ModelZoo.model(named: name) == nil {
            let hint = Suggestions.didYouMean(name, in: ModelZoo.names).map { " (\($0))" } ?? ""
            throw ValidationError("unknown model '\(name)'\(hint); models: \(ModelZoo.names.joined(separator: ", "))")
        }
    }

    private func parsedInput(_ text: String) -> TensorShape? {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        return parts.count == 3 && parts.allSatisfy({ $0 >= 1 }) ? TensorShape(parts) : nil
    }

    func run() throws {
        guard let name, let model = ModelZoo.model(named: name) else {
            listModels()
            return
        }
        let (graph, problems) = TransferGraph.zoo(model, input: input.flatMap(parsedInput), classes: classes)
        if let problem = problems.first {
            emit("\(name): \(problem.message)\n" + ShapeTrace.lines(problem.trace).map { "  \($0)\n" }.joined())
            emit("hint: use a larger --input\n")
            throw ExitCode(1)
        }
        let cuts = CutPoints.candidates(graph.layers, input: graph.input)
        switch format {
        case .json:
            let cutPoints = JSONValue.array(
                cuts.map {
                    .object([("slice", .string($0.name)), ("output", .array($0.output.dims.map(JSONValue.int)))])
                })
            emit(
                SummaryText.json(graph, batchSize: 1, extra: [("model", .string(name)), ("cut_points", cutPoints)])
                    .rendered() + "\n")
        case .text:
            emit("\(name): \(model.summary); classifier '\(model.classifier)'\n\n")
            emit(SummaryText.layerTable(graph, showTraining: false) + "\n")
            emit(SummaryText.totalsText(GraphSummary.totals(graph, batchSize: 1), batchSize: 1) + "\n")
            emit("cut points (`slice: NAME` keeps the network through NAME):\n")
            emit(
                SummaryText.table(
                    [["slice", "output", "kept params"]]
                        + cuts.map {
                            [$0.name, $0.output.description, SummaryText.grouped($0.keptParameters)]
                        }, indent: 2))
        }
    }

    private func listModels() {
        switch format {
        case .json:
            emit(
                JSONValue.array(
                    ModelZoo.models.map { model in
                        let totals = GraphSummary.totals(TransferGraph.zoo(model).0, batchSize: 1)
                        return .object([
                            ("name", .string(model.name)), ("summary", .string(model.summary)),
                            ("input", .array(model.defaultInput.dims.map(JSONValue.int))),
                            ("classes", .int(model.defaultClasses)),
                            ("classifier", .string(model.classifier)), ("parameters", .int(totals.parameters)),
                            ("macs_per_image", .int(totals.macsPerImage)),
                        ])
                    }
                ).rendered() + "\n")
        case .text:
            emit(
                SummaryText.table(
                    [["model", "input", "classes", "parameters", "MACs/image", "description"]]
                        + ModelZoo.models.map { model in
                            let totals = GraphSummary.totals(TransferGraph.zoo(model).0, batchSize: 1)
                            return [
                                model.name, model.defaultInput.dims.map(String.init).joined(separator: "x"),
                                "\(model.defaultClasses)",
                                SummaryText.grouped(totals.parameters),
                                String(format: "%.2f G", Double(totals.macsPerImage) / 1e9), model.summary,
                            ]
                        }))
        }
    }
}
