import Foundation
@_exported import TLTestSupport
import XCTest

@testable import TLConfig

/// Writes `text` to `name` inside `folder` and returns the path.
@discardableResult
func writeFile(_ folder: String, _ name: String, _ text: String) -> String {
    let path = folder + "/" + name
    try! text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// A small schema for resolver tests: `name`, `lr` (> 0), `opt` (sgd/adam), `nested.depth`, `items`.
let testSchema = ObjectSchema(
    "test",
    [
        SchemaField("name", .string(), required: true, doc: "name"),
        SchemaField("lr", .number(.positive), default: .scalar(.double(0.1)), doc: "lr"),
        SchemaField("opt", .enumeration(["sgd", "adam"]), doc: "opt"),
        SchemaField("extends", .string(), doc: "base"),
        SchemaField(
            "nested",
            .object(
                ObjectSchema(
                    "nested",
                    [
                        SchemaField("depth", .integer(min: 1, max: 10), default: .scalar(.int(3)), doc: "depth"),
                        SchemaField("flag", .boolean, doc: "flag"),
                    ])), default: .mapping([]), doc: "nested"),
        SchemaField("items", .array(.integer(min: 0), minItems: 1, maxItems: 3), doc: "items"),
    ])

/// The diagnostics' codes with positions, as `code@line:col`.
func codes(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { "\($0.code)@\($0.span.start.line):\($0.span.start.column)" }
}
