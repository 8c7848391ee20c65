import ArgumentParser
import TLConfig
import TLGraph

/// `tlrun schema`: the pipeline language as JSON Schema (the committed `schemas/pipeline.schema.json`).
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the pipeline JSON Schema (for editors and independent validators), or the key reference."
    )

    @Option(help: "json (the JSON Schema) or markdown (the README's key reference).")
    var format: SchemaFormat = .json

    func run() throws {
        switch format {
        case .json: emit(JSONSchemaExporter.document(for: PipelineValidator.schema).rendered() + "\n")
        case .markdown: emit(SchemaReference.markdown(PipelineValidator.schema))
        }
    }
}

/// Formats `tlrun schema` writes.
enum SchemaFormat: String, ExpressibleByArgument {
    case json, markdown
}
