/// The shared pieces of the layer language (inline source models and heads); each layer type declares its own
/// keys with them.
public enum LayerSchema {
    /// An integer size or an `[height, width]` pair.
    public static let pair: SchemaType = .oneOf([
        .integer(min: 1), .array(.integer(min: 1), minItems: 2, maxItems: 2),
    ])
    /// Like `pair` but zero is allowed (padding).
    public static let padding: SchemaType = .oneOf([
        .integer(min: 0), .array(.integer(min: 0), minItems: 2, maxItems: 2),
    ])

    /// The optional `name` every layer entry has.
    public static let name = SchemaField(
        "name", .string(pattern: "^[A-Za-z_][A-Za-z0-9_.]*$"),
        doc: "Layer name (parameter keys are `<name>.weight`); defaults to `<section>.<index>`.")

    /// A layer entry's keys: the optional `name` followed by `fields`.
    public static func op(_ doc: String, _ fields: [any FieldDeclaration]) -> ObjectSchema {
        ObjectSchema(doc, keys: [name] + fields)
    }

    /// One layer: a mapping whose `op` picks one of `variants` (the layer types of a `LayerLanguage`).
    public static func layer(_ variants: [(tag: String, schema: ObjectSchema)]) -> SchemaType {
        .tagged(key: "op", variants: variants)
    }

    /// True when `variants` are layer-language entries (each made by `op`), which the reference documents once.
    public static func isLayerLanguage(_ variants: [(tag: String, schema: ObjectSchema)]) -> Bool {
        variants.allSatisfy { $0.schema.fields.first?.doc == name.doc && $0.schema.fields.first?.name == name.name }
    }
}
