/// The sweep-file language as JSON Schema (draft 2020-12), for editors and independent validators, and as the key
/// reference in docs/sweeps.md; `SweepFile` reads exactly these keys.
public enum SweepSchema {
    /// One top-level key: its name, JSON Schema and meaning.
    struct Key {
        let name: String
        let type: String
        let schema: JSONValue
        let meaning: String
    }

    static let range: JSONValue = .object([
        ("type", .string("array")), ("items", .object([("type", .string("number"))])), ("minItems", .int(2)), ("maxItems", .int(2)),
    ])

    static func distribution(_ name: String, _ value: JSONValue) -> JSONValue {
        .object([("type", .string("object")), ("properties", .object([(name, value)])), ("required", .array([.string(name)])),
                 ("additionalProperties", .bool(false))])
    }

    static let keys: [Key] = [
        Key(name: "version", type: "`1`", schema: .object([("const", .int(1))]), meaning: "The sweep-file version."),
        Key(name: "sweep", type: "string without `/`", schema: .object([("type", .string("string")), ("pattern", .string("^[^/]+$"))]),
            meaning: "The sweep's name; its results go to `<output dir>/<sweep>/<id>/`."),
        Key(name: "description", type: "string", schema: .object([("type", .string("string"))]), meaning: "What the sweep compares."),
        Key(name: "pipeline", type: "path", schema: .object([("type", .string("string"))]),
            meaning: "The base pipeline, relative to the sweep file (optional when every configuration names its own)."),
        Key(name: "configurations", type: "list of mappings", schema: .object([
            ("type", .string("array")), ("minItems", .int(1)),
            ("items", .object([("type", .string("object")), ("properties", .object([
                ("label", .object([("type", .string("string"))])), ("pipeline", .object([("type", .string("string"))])),
            ]))])),
        ]), meaning: "Named configurations, each crossed with the grid: `label` (its name in the results), `pipeline` (another base "
            + "pipeline, relative to the sweep file) and any key paths with the values it sets together."),
        Key(name: "grid", type: "mapping of key path → non-empty list", schema: .object([
            ("type", .string("object")),
            ("additionalProperties", .object([("type", .string("array")), ("minItems", .int(1))])),
        ]), meaning: "Every combination of the values (the first key varies slowest); key paths as `--set` takes them. `seed` is the replicate axis."),
        Key(name: "random", type: "mapping", schema: .object([
            ("type", .string("object")),
            ("properties", .object([
                ("count", .object([("type", .string("integer")), ("minimum", .int(1))])),
                ("seed", .object([("type", .string("integer"))])),
                ("values", .object([("type", .string("object")), ("additionalProperties", .object([("oneOf", .array([
                    distribution("uniform", range), distribution("log_uniform", range),
                    distribution("choice", .object([("type", .string("array")), ("minItems", .int(1))])),
                ]))]))])),
            ])),
            ("required", .array([.string("count"), .string("values")])),
            ("additionalProperties", .bool(false)),
        ]), meaning: "`count` seeded draws (`seed`, default 0) for each grid point, each key of `values` from `{uniform: [low, high]}`, "
            + "`{log_uniform: [low, high]}` (0 < low < high) or `{choice: [values]}`."),
    ]

    /// The JSON Schema document.
    public static var document: JSONValue {
        .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://tlrun.dev/schemas/sweep.schema.json")),
            ("title", .string("tlrun sweep file")),
            ("description", .string("A base pipeline and the values to vary by key path: named configurations, a grid and random search (version 1).")),
            ("type", .string("object")),
            ("properties", .object(keys.map { ($0.name, $0.schema) })),
            ("required", .array([.string("version"), .string("sweep")])),
            ("anyOf", .array(["grid", "random", "configurations"].map { .object([("required", .array([.string($0)]))]) })),
            ("additionalProperties", .bool(false)),
        ])
    }

    /// The key reference as Markdown.
    public static var markdown: String {
        "| key | type | meaning |\n|---|---|---|\n" + keys.map { "| `\($0.name)` | \($0.type) | \($0.meaning) |\n" }.joined()
    }
}
