import Foundation
import SwiftProtobuf
import TLGraph

/// Writes a network with its weights as an ONNX model: one node chain per layer, asked of each layer type's
/// ONNX view, initializers under torchvision's names.
public enum ONNXExport {
    /// The opsets the export writes.
    public static let opsets = ONNXExpressibility.opsets

    /// What to write besides the network.
    public struct Options: Sendable {
        /// The ONNX opset (default 17).
        public var opset = ONNXExpressibility.defaultOpset
        /// A fixed batch size, or nil for a dynamic batch dimension named `N`.
        public var batch: Int?
        /// Per-channel mean and standard deviation to apply first, so the model takes pixels in [0, 1].
        public var normalization: (mean: [Float], std: [Float])?
        /// Ends the graph with `Softmax`, so it outputs probabilities instead of logits.
        public var softmax = false
        /// `metadata_props` of the model (class names, input shape, ...).
        public var metadata: [String: String] = [:]
        /// The producer version recorded in the model.
        public var producerVersion = ""

        /// Default options: opset 17, dynamic batch, logits, no preprocessing.
        public init() {}
    }

    /// The serialized ONNX model of `layers` (resolved by shape inference) on per-sample `input`, with `tensors`
    /// by torchvision name.
    public static func model(layers: [Layer], input: TensorShape, tensors: [String: [Float]], options: Options) throws
        -> Data
    {
        guard opsets.contains(options.opset) else { throw ONNXError.unsupportedOpset(options.opset, supported: opsets) }
        var graph = ONNXGraphBuilder(opset: options.opset, tensors: tensors)
        let inputName = graph.fresh("input")
        let outputName = graph.fresh(options.softmax ? "probabilities" : "logits")
        var current = inputName
        if let normalization = options.normalization {
            let channels = input.dims[0]
            func perChannel(_ values: [Float]) -> [Float] {
                values.count == 1 ? Array(repeating: values[0], count: channels) : values
            }
            let mean = graph.constant(
                "preprocessing.mean", values: perChannel(normalization.mean), shape: [1, channels, 1, 1])
            let std = graph.constant(
                "preprocessing.std", values: perChannel(normalization.std), shape: [1, channels, 1, 1])
            current = graph.node(
                "Div", name: "preprocessing",
                inputs: [graph.node("Sub", name: "preprocessing", inputs: [current, mean]), std])
        }
        let (network, output) = try chain(layers, input: current, shape: input, into: &graph)
        if options.softmax {
            graph.node(
                "Softmax", name: outputName, inputs: [network], attributes: [ONNXGraphBuilder.int("axis", 1)],
                output: outputName)
        } else {
            graph.node("Identity", name: outputName, inputs: [network], output: outputName)
        }
        var proto = Onnx_GraphProto()
        proto.name = "tlrun"
        proto.node = graph.nodes
        proto.initializer = graph.initializers
        proto.input = [valueInfo(inputName, batch: options.batch, dims: input.dims)]
        proto.output = [valueInfo(outputName, batch: options.batch, dims: output.dims)]
        var model = Onnx_ModelProto()
        model.irVersion = irVersion(opset: options.opset)
        model.producerName = "tlrun"
        model.producerVersion = options.producerVersion
        model.graph = proto
        var opset = Onnx_OperatorSetIdProto()
        opset.domain = ""
        opset.version = Int64(options.opset)
        model.opsetImport = [opset]
        model.metadataProps = options.metadata.sorted { $0.key < $1.key }.map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        return try model.serializedData()
    }

    /// Exports `layers` in order from the value `input` of per-sample `shape`; the last value and its shape.
    static func chain(
        _ layers: [Layer], input: String, shape: TensorShape,
        into graph: inout ONNXGraphBuilder
    ) throws -> (value: String, shape: TensorShape) {
        let inference = ShapeInference.run(layers, input: shape)
        var inputShapes: [String: TensorShape] = [:]
        for entry in inference.inferred where inputShapes[entry.layer.name] == nil {
            inputShapes[entry.layer.name] = entry.input
        }
        var value = input, current = shape
        for layer in inference.layers {
            guard let view = layer.op as? any ONNXLayer else {
                throw ONNXError.unsupportedLayer(
                    layer: layer.name, kind: layer.op.kind, reason: "this layer type has no ONNX view")
            }
            let layerInput = inputShapes[layer.name] ?? current
            if graph.opset < layer.op.minimumONNXOpset {
                throw ONNXError.layerNeedsOpset(
                    layer: layer.name, kind: layer.op.kind, opset: layer.op.minimumONNXOpset)
            }
            if let reason = ONNXExpressibility.problem(layer.op, input: layerInput, opset: graph.opset) {
                throw ONNXError.unsupportedLayer(layer: layer.name, kind: layer.op.kind, reason: reason)
            }
            value = try view.export(layer, input: value, shape: layerInput, into: &graph)
            current = inference.inferred.first { $0.layer.name == layer.name }?.output ?? current
        }
        return (value, inference.output ?? current)
    }

    /// The IR version an opset needs (ONNX's published pairing).
    static func irVersion(opset: Int) -> Int64 {
        switch opset {
        case ...14: return 7
        case 15...18: return 8
        case 19...20: return 9
        default: return 10
        }
    }

    private static func valueInfo(_ name: String, batch: Int?, dims: [Int]) -> Onnx_ValueInfoProto {
        var shape = Onnx_TensorShapeProto()
        var batchDimension = Onnx_TensorShapeProto.Dimension()
        if let batch { batchDimension.dimValue = Int64(batch) } else { batchDimension.dimParam = "N" }
        shape.dim =
            [batchDimension]
            + dims.map { size in
                var dimension = Onnx_TensorShapeProto.Dimension()
                dimension.dimValue = Int64(size)
                return dimension
            }
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.shape = shape
        var type = Onnx_TypeProto()
        type.tensorType = tensor
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type = type
        return info
    }
}
