/// The sweep-file language (version 1), on the same schema machinery as pipelines: the checker, the JSON Schema
/// (`schemas/sweep.schema.json`) and the key reference in docs/sweeps.md all come from these declarations, and
/// `SweepFile` reads the checked file through them.
public enum SweepSchema {
    /// The current sweep-file version.
    public static let version = 1

    static let versionKey = SchemaKey<Int>(
        "version", .integer(min: version, max: version), required: true, doc: "The sweep-file version (1).")
    static let name = SchemaKey<String>(
        "sweep", .string(pattern: #"^(?!\.\.?$)[^/]+$"#), required: true,
        doc: "The sweep's name (not `.` or `..`, no `/`); its results go to `<output dir>/<sweep>/<id>/`.")
    static let description = SchemaKey<String>("description", .string(), doc: "What the sweep compares.")
    static let pipeline = SchemaKey<String>(
        "pipeline", .string(),
        doc: "The base pipeline, relative to the sweep file (optional when every configuration names its own).")
    static let label = SchemaKey<String>(
        "label", .string(), doc: "The configuration's name in the results (default: its values as `key=value`).")
    static let configurationPipeline = SchemaKey<String>(
        "pipeline", .string(),
        doc: "Another base pipeline for this configuration, relative to the sweep file.")
    static let count = SchemaKey<Int>(
        "count", .integer(min: 1), required: true, doc: "Seeded draws for each grid point.")
    static let seed = DefaultedKey("seed", .integer(), default: 0, doc: "The seed of the draws.")

    /// A named configuration's keys.
    static let configuration = ObjectSchema(
        "A named configuration: values set together, crossed with the grid.",
        keys: [label, configurationPipeline],
        otherKeys: (.any, "A key path (as `--set` takes it) and the value this configuration sets."))

    /// The distributions random search draws from.
    static let distribution: SchemaType = .keyed(variants: [
        (
            "uniform",
            ObjectSchema(
                "Uniform between two numbers.",
                [
                    SchemaField(
                        "uniform", .array(.number(.any), minItems: 2, maxItems: 2), required: true,
                        doc: "`[low, high]`, low < high.")
                ])
        ),
        (
            "log_uniform",
            ObjectSchema(
                "Uniform in the logarithm between two positive numbers.",
                [
                    SchemaField(
                        "log_uniform", .array(.number(.positive), minItems: 2, maxItems: 2), required: true,
                        doc: "`[low, high]`, 0 < low < high.")
                ])
        ),
        (
            "choice",
            ObjectSchema(
                "One of a list of values, each as likely.",
                [
                    SchemaField("choice", .array(.any, minItems: 1), required: true, doc: "The values.")
                ])
        ),
    ])

    /// Random search's keys.
    static let random = ObjectSchema(
        "Random search: `count` seeded draws for each grid point.",
        keys: [
            count, seed,
            SchemaField(
                "values", .dictionary(distribution), required: true,
                doc: "Each varied key path and the distribution it is drawn from."),
        ])

    /// The whole sweep-file language.
    public static let schema = ObjectSchema(
        "A base pipeline and the values to vary by key path: named configurations, a grid and random search (version 1).",
        keys: [
            versionKey, name, description, pipeline,
            SchemaField(
                "configurations", .array(.object(configuration), minItems: 1),
                doc:
                    "Named configurations, each crossed with the grid: its `label`, its `pipeline` and any key paths with the values it sets together."
            ),
            SchemaField(
                "grid", .dictionary(.array(.any, minItems: 1)),
                doc:
                    "Every combination of the values (the first key varies slowest); key paths as `--set` takes them. `seed` is the replicate axis."
            ),
            SchemaField("random", .object(random), doc: "Random search, for each grid point."),
        ])

    /// The JSON Schema document.
    public static var document: JSONValue {
        JSONSchemaExporter.document(for: schema, file: "sweep.schema.json", title: "tlrun sweep file")
    }

    /// The key reference as Markdown.
    public static var markdown: String { SchemaReference.markdown(schema) }
}
