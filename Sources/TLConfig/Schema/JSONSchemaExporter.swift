/// Writes a pipeline or sweep-file schema as JSON Schema (draft 2020-12) for editors and independent validators.
public enum JSONSchemaExporter {
    /// The JSON Schema document of a file whose top level is `schema`, with its `$id` file name and title (a file that
    /// extends no other, such as a sweep file).
    public static func document(for schema: ObjectSchema, file: String, title: String) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://tlrun.dev/schemas/\(file)")),
            ("title", .string(title)),
        ]
        if case .object(let body) = objectJSON(schema, tag: nil, partial: false) { pairs += body }
        return .object(pairs)
    }

    /// The JSON Schema document for the given top-level object schema.
    ///
    /// A file with `extends` gets the rest of its keys from its base, so such a file is checked
    /// against a partial form of the schema: the same keys and types, nothing required.
    public static func document(for schema: ObjectSchema) -> JSONValue {
        .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://tlrun.dev/schemas/pipeline.schema.json")),
            ("title", .string("tlrun pipeline")),
            ("description", .string(schema.doc)),
            ("if", .object([("required", .array([.string("extends")]))])),
            ("then", .object([("$ref", .string("#/$defs/partial"))])),
            ("else", .object([("$ref", .string("#/$defs/pipeline"))])),
            (
                "$defs",
                .object([
                    ("pipeline", json(.object(schema), partial: false)),
                    ("partial", json(.object(schema), partial: true)),
                ])
            ),
        ])
    }

    static func json(_ type: SchemaType, partial: Bool) -> JSONValue {
        switch type {
        case .string(let pattern, let examples):
            var pairs: [(String, JSONValue)] = [("type", .string("string"))]
            if let pattern { pairs.append(("pattern", .string(pattern))) }
            if !examples.isEmpty { pairs.append(("examples", .array(examples.map(JSONValue.string)))) }
            return .object(pairs)
        case .integer(let lo, let hi):
            var pairs: [(String, JSONValue)] = [("type", .string("integer"))]
            if let lo { pairs.append(("minimum", .int(lo))) }
            if let hi { pairs.append(("maximum", .int(hi))) }
            return .object(pairs)
        case .number(let range):
            var pairs: [(String, JSONValue)] = [("type", .string("number"))]
            if let lo = range.min { pairs.append((range.minExclusive ? "exclusiveMinimum" : "minimum", .double(lo))) }
            if let hi = range.max { pairs.append((range.maxExclusive ? "exclusiveMaximum" : "maximum", .double(hi))) }
            return .object(pairs)
        case .boolean:
            return .object([("type", .string("boolean"))])
        case .enumeration(let values):
            return .object([("enum", .array(values.map(JSONValue.string)))])
        case .array(let item, let minItems, let maxItems):
            var pairs: [(String, JSONValue)] = [("type", .string("array")), ("items", json(item, partial: partial))]
            if minItems > 0 { pairs.append(("minItems", .int(minItems))) }
            if let maxItems { pairs.append(("maxItems", .int(maxItems))) }
            return .object(pairs)
        case .object(let object):
            return objectJSON(object, tag: nil, partial: partial)
        case .dictionary(let value):
            return .object([("type", .string("object")), ("additionalProperties", json(value, partial: partial))])
        case .oneOf(let types):
            return .object([("anyOf", .array(types.map { json($0, partial: partial) }))])
        case .any:
            return .object([])
        case .keyed(let variants):
            return .object([
                (
                    partial ? "anyOf" : "oneOf",
                    .array(variants.map { objectJSON($0.schema, tag: nil, partial: partial) })
                )
            ])
        case .tagged(let key, let variants) where partial:
            var fields: [SchemaField] = []
            for field in variants.flatMap(\.schema.fields) where !fields.contains(where: { $0.name == field.name }) {
                fields.append(field)
            }
            let tagField = SchemaField(key, .enumeration(variants.map(\.tag)), doc: "Which kind.")
            return objectJSON(
                ObjectSchema("Any kind, partially given (the rest comes from the base file).", [tagField] + fields),
                tag: nil, partial: true)
        case .tagged(let key, let variants):
            return .object([
                ("type", .string("object")),
                ("required", .array([.string(key)])),
                ("properties", .object([(key, .object([("enum", .array(variants.map { .string($0.tag) }))]))])),
                ("oneOf", .array(variants.map { objectJSON($0.schema, tag: (key, $0.tag), partial: false) })),
            ])
        }
    }

    static func objectJSON(_ object: ObjectSchema, tag: (String, String)?, partial: Bool) -> JSONValue {
        var properties: [(String, JSONValue)] = []
        if let (key, value) = tag { properties.append((key, .object([("const", .string(value))]))) }
        for field in object.fields {
            var body: [(String, JSONValue)] = [("description", .string(field.doc))]
            if case .object(let typePairs) = json(field.type, partial: partial) { body += typePairs }
            if let value = field.defaultValue { body.append(("default", defaultJSON(value))) }
            properties.append((field.name, .object(body)))
        }
        let required = (tag.map { [$0.0] } ?? []) + object.fields.filter(\.required).map(\.name)
        var pairs: [(String, JSONValue)] = [
            ("type", .string("object")),
            ("description", .string(object.doc)),
            ("properties", .object(properties)),
            ("additionalProperties", object.otherKeys.map { json($0.type, partial: partial) } ?? .bool(false)),
        ]
        if !required.isEmpty && !partial { pairs.append(("required", .array(required.map(JSONValue.string)))) }
        return .object(pairs)
    }

    static func defaultJSON(_ value: DefaultValue) -> JSONValue {
        switch value {
        case .scalar(let scalar): return scalarJSON(scalar)
        case .list(let scalars): return .array(scalars.map(scalarJSON))
        case .mapping(let entries): return .object(entries.map { ($0.0, defaultJSON($0.1)) })
        }
    }

    static func scalarJSON(_ scalar: YAMLScalar) -> JSONValue {
        switch scalar {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        }
    }
}
