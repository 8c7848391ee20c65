import TLGraph

/// The ONNX view of a layer type (one file per type or family in this folder): the nodes that compute it.
/// The export asks it for every layer; `LayerCatalog` (module TLLayerCatalog) registers a layer type only with this
/// view, so a type pipelines can use without one does not build.
package protocol ONNXLayer {
    /// Appends the nodes computing `layer` from the value `input` (of per-sample `shape`) and returns the value
    /// holding its output; throws `ONNXError.unsupportedLayer` (or `.layerNeedsOpset`) when the opset cannot express
    /// it exactly.
    func export(_ layer: Layer, input: String, shape: TensorShape, into graph: inout ONNXGraphBuilder) throws -> String
}

/// The pads ONNX expects for symmetric `padding`: begins then ends, height before width.
func onnxPads(_ padding: (Int, Int)) -> [Int] { [padding.0, padding.1, padding.0, padding.1] }
