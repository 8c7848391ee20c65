import ArgumentParser
import TLConfig
import TLGraph
import TLLayerCatalog

/// `tlrun schema`: the pipeline language as JSON Schema (the committed `schemas/pipeline.schema.json`).
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract:
            "Print the pipeline (or sweep-file) JSON Schema (for editors and independent validators), or the key reference."
    )

    @Option(
        help: "json (the JSON Schema) or markdown (the key reference of docs/pipeline-reference.md and docs/sweeps.md)."
    )
    var format: SchemaFormat = .json

    @Flag(help: "The sweep-file language instead of the pipeline language (schemas/sweep.schema.json).")
    var sweep = false

    func run() throws {
        switch (format, sweep) {
        case (.json, false): emit(JSONSchemaExporter.document(for: PipelineValidator.standard.schema).rendered() + "\n")
        case (.markdown, false): emit(SchemaReference.markdown(PipelineValidator.standard.schema))
        case (.json, true): emit(SweepSchema.document.rendered() + "\n")
        case (.markdown, true): emit(SweepSchema.markdown)
        }
    }
}

/// Formats `tlrun schema` writes.
enum SchemaFormat: String, ExpressibleByArgument {
    case json, markdown
}
