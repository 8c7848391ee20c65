/// Renders a pipeline or sweep-file schema as the Markdown key reference in docs/pipeline-reference.md and
/// docs/sweeps.md.
public enum SchemaReference {
    private typealias Section = (
        title: String, doc: String, fields: [SchemaField], otherKeys: (type: SchemaType, doc: String)?
    )

    /// One Markdown table per mapping of the schema, the top level first.
    public static func markdown(_ schema: ObjectSchema) -> String {
        var sections: [Section] = []
        collect(schema.fields, title: "top level", doc: schema.doc, otherKeys: schema.otherKeys, into: &sections)
        return sections.map { section in
            if section.fields.isEmpty && section.otherKeys == nil {
                return "#### `\(section.title)`\n\n\(section.doc) No keys of its own.\n"
            }
            var out =
                "#### `\(section.title)`\n\n\(section.doc)\n\n| key | type | default | meaning |\n|---|---|---|---|\n"
            for field in section.fields {
                let value = field.required ? "**required**" : field.defaultValue.map { "`\($0.flowText)`" } ?? "—"
                out +=
                    "| `\(field.name)` | \(typeText(field.type)) | \(value) | \(field.doc.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
            if let other = section.otherKeys {
                out +=
                    "| any other key | \(typeText(other.type)) | — | \(other.doc.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
            return out
        }.joined(separator: "\n")
    }

    /// Adds a table for `fields`; the tables of nested mappings are titled `<parent>.<key>` (`parent` defaults to `title`).
    private static func collect(
        _ fields: [SchemaField], title: String, parent: String? = nil, doc: String,
        otherKeys: (type: SchemaType, doc: String)? = nil, into sections: inout [Section]
    ) {
        guard !sections.contains(where: { $0.title == title }) else { return }
        sections.append((title, doc, fields, otherKeys))
        let parent = parent ?? title
        for field in fields {
            collect(field.type, title: parent == "top level" ? field.name : "\(parent).\(field.name)", into: &sections)
        }
    }

    /// Adds the tables for the mappings inside `type`; a tagged union gets one table for the keys every
    /// variant has and one per variant for the rest, a keyed union one table per variant; the layer language
    /// is documented once, as `layer`.
    private static func collect(_ type: SchemaType, title: String, into sections: inout [Section]) {
        switch type {
        case .object(let object):
            collect(object.fields, title: title, doc: object.doc, otherKeys: object.otherKeys, into: &sections)
        case .array(let item, _, _): collect(item, title: title + "[]", into: &sections)
        case .oneOf(let types): types.forEach { collect($0, title: title, into: &sections) }
        case .dictionary(let value): collect(value, title: title, into: &sections)
        case .tagged(let key, let variants):
            let base = LayerSchema.isLayerLanguage(variants) ? "layer" : title
            let common = variants[0].schema.fields.filter { field in
                variants.allSatisfy { $0.schema.field(field.name) != nil }
            }
            if !common.isEmpty {
                collect(
                    common, title: "\(base) (every \(key))", parent: base, doc: "Keys every `\(key)` accepts.",
                    into: &sections)
            }
            for variant in variants {
                let own = variant.schema.fields.filter { field in !common.contains { $0.name == field.name } }
                collect(
                    own, title: "\(base) \(key): \(variant.tag)", parent: base, doc: variant.schema.doc, into: &sections
                )
            }
        case .keyed(let variants):
            for variant in variants {
                collect(
                    variant.schema.fields, title: "\(title) \(variant.key)", parent: title, doc: variant.schema.doc,
                    into: &sections)
            }
        default: break
        }
    }

    private static func typeText(_ type: SchemaType) -> String {
        switch type {
        case .string(let pattern, _): return pattern == nil ? "string" : "name"
        case .integer(let lo, let hi):
            if let lo, lo == hi { return "`\(lo)`" }
            return "integer" + (lo.map { " ≥ \($0)" } ?? "") + (hi.map { lo == nil ? " ≤ \($0)" : ", ≤ \($0)" } ?? "")
        case .number(let range): return range.min == nil && range.max == nil ? "number" : "number \(range.text)"
        case .boolean: return "boolean"
        case .enumeration(let values): return values.map { "`\($0)`" }.joined(separator: " \\| ")
        case .array(let item, _, _): return "list of \(typeText(item))"
        case .object: return "mapping"
        case .dictionary(let value): return "mapping of name → \(typeText(value))"
        case .oneOf(let types): return types.map(typeText).joined(separator: " or ")
        case .tagged(let key, _): return "mapping by `\(key)`"
        case .keyed(let variants): return "mapping with " + variants.map { "`\($0.key)`" }.joined(separator: " \\| ")
        case .any: return "any value"
        }
    }

}
