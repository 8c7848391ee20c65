import ArgumentParser
import TLConfig
import TLGraph

/// `tlrun schema`: the pipeline language as JSON Schema (the committed `schemas/pipeline.schema.json`).
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the pipeline JSON Schema (for editors and independent validators)."
    )

    func run() throws {
        emit(JSONSchemaExporter.document(for: PipelineValidator.schema).rendered() + "\n")
    }
}
