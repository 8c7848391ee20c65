import Foundation
import TLGraph

/// Collects an ONNX graph's nodes and initializers while layers are exported, with unique value names.
package struct ONNXGraphBuilder {
    /// The opset being written.
    let opset: Int
    private let tensors: [String: [Float]]
    private(set) var nodes: [Onnx_NodeProto] = []
    private(set) var initializers: [Onnx_TensorProto] = []
    private var used: Set<String> = []

    init(opset: Int, tensors: [String: [Float]]) {
        self.opset = opset
        self.tensors = tensors
    }

    /// A value name not used yet, based on `hint`.
    mutating func fresh(_ hint: String) -> String {
        var name = hint, suffix = 1
        while used.contains(name) {
            suffix += 1
            name = "\(hint)_\(suffix)"
        }
        used.insert(name)
        return name
    }

    /// Adds an `op` node reading `inputs`; its output, returned, is `output` (a name from `fresh`) or else a fresh
    /// value named after `name`.
    @discardableResult
    mutating func node(
        _ op: String, name: String, inputs: [String], attributes: [Onnx_AttributeProto] = [],
        output: String? = nil
    ) -> String {
        let output = output ?? fresh(name + ".out")
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = fresh(name + "." + op)
        node.input = inputs
        node.output = [output]
        node.attribute = attributes
        nodes.append(node)
        return output
    }

    /// The weights tensor `name` (torchvision's name) as an initializer of `shape`; its name is returned.
    mutating func weight(_ name: String, shape: [Int]) throws -> String {
        guard let values = tensors[name] else { throw ONNXError.missingTensor(name) }
        guard values.count == shape.reduce(1, *) else {
            throw ONNXError.tensorSize(name, expected: shape.reduce(1, *), got: values.count)
        }
        return constant(name, values: values, shape: shape)
    }

    /// A constant float tensor named after `name`; its name is returned.
    mutating func constant(_ name: String, values: [Float], shape: [Int]) -> String {
        var tensor = Onnx_TensorProto()
        tensor.name = fresh(name)
        tensor.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.dims = shape.map(Int64.init)
        tensor.rawData = Self.littleEndianBytes(values)
        initializers.append(tensor)
        return tensor.name
    }

    /// A constant int64 tensor (indices, shapes) named after `name`; its name is returned.
    mutating func indices(_ name: String, values: [Int], shape: [Int]) -> String {
        var tensor = Onnx_TensorProto()
        tensor.name = fresh(name)
        tensor.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        tensor.dims = shape.map(Int64.init)
        tensor.rawData = values.reduce(into: Data()) { bytes, value in
            withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
        }
        initializers.append(tensor)
        return tensor.name
    }

    /// `values` as little-endian float32 bytes (ONNX's raw data).
    private static func littleEndianBytes(_ values: [Float]) -> Data {
        #if _endian(little)
            return values.withUnsafeBytes { Data($0) }
        #else
            return Data(values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
        #endif
    }

    /// An integer-list attribute.
    static func ints(_ name: String, _ values: [Int]) -> Onnx_AttributeProto {
        attribute(name, .ints) { $0.ints = values.map(Int64.init) }
    }

    /// An integer attribute.
    static func int(_ name: String, _ value: Int) -> Onnx_AttributeProto {
        attribute(name, .int) { $0.i = Int64(value) }
    }

    /// A float attribute.
    static func float(_ name: String, _ value: Double) -> Onnx_AttributeProto {
        attribute(name, .float) { $0.f = Float(value) }
    }

    /// A string attribute.
    static func string(_ name: String, _ value: String) -> Onnx_AttributeProto {
        attribute(name, .string) { $0.s = Data(value.utf8) }
    }

    private static func attribute(
        _ name: String, _ type: Onnx_AttributeProto.AttributeType,
        _ fill: (inout Onnx_AttributeProto) -> Void
    ) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = type
        fill(&attribute)
        return attribute
    }
}
