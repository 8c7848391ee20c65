import Foundation
@_exported import TLTestSupport
import XCTest

@testable import TLGraph

/// Parameter names and shapes of a zoo graph, in order.
func stateDict(_ graph: TransferGraph) -> [(String, [Int])] {
    graph.layers.flatMap(\.allParameters).map { ($0.name, $0.shape) }
}

/// The `name -> shape` map of a `*.state_dict_shapes.json` fixture, in file order.
func fixtureShapes(_ name: String) throws -> [(String, [Int])] {
    let text = try String(contentsOfFile: try Fixtures.path("\(name).state_dict_shapes.json"), encoding: .utf8)
    return try orderedShapes(fromJSONObject: text)
}

/// Tensor names and shapes from a safetensors file's JSON header, in offset order.
func safetensorsShapes(_ path: String) throws -> [(String, [Int])] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length))) as! [String: Any]
    return header.filter { $0.key != "__metadata__" }.map { key, value -> (String, [Int], Int) in
        let entry = value as! [String: Any]
        return (key, entry["shape"] as! [Int], (entry["data_offsets"] as! [Int])[0])
    }.sorted { $0.2 < $1.2 }.map { ($0.0, $0.1) }
}

/// Reads `{"a": [1, 2], ...}` keeping key order (JSONSerialization does not).
private func orderedShapes(fromJSONObject text: String) throws -> [(String, [Int])] {
    let dictionary = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: [Int]]
    let keys = text.split(separator: "\n").compactMap { line -> String? in
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\"") else { return nil }
        return String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
    }
    return keys.map { ($0, dictionary[$0]!) }
}
