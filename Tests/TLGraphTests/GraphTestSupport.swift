import Foundation
@_exported import TLTestSupport
import XCTest

@testable import TLGraph

/// Parameter names and shapes of a zoo graph, in order.
func stateDict(_ graph: TransferGraph) -> [(String, [Int])] {
    graph.layers.flatMap(\.allParameters).map { ($0.name, $0.shape) }
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
