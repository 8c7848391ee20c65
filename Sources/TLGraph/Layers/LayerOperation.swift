import TLConfig

/// One kind of layer: what it computes, its shape rule, the tensors it owns and how the feature cache treats it.
///
/// A layer type is one file in `Sources/TLGraph/Layers/` (this protocol, plus `LayerSyntax` when pipelines can
/// write it), its line in `LayerRegistry`, and its kernel view in TLEngine (`KernelLayer`). Further views, such
/// as an export format, are further protocols the same types conform to.
public protocol LayerOperation: Sendable {
    /// The layer-language name, shown in summaries and messages.
    var kind: String { get }
    /// The shape rule, shared by the validator and the engine: fills in undeclared sizes from `step.input`, reports
    /// problems to `inference`, records the layer there and returns its output shape (nil when it is undefined).
    mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape?
    /// The tensors a layer called `name` owns directly, with torchvision's names, in state_dict order.
    func parameters(named name: String) -> [ParameterInfo]
    /// True when the output in training is random (dropout), so it cannot be computed once and cached.
    var isRandomInTraining: Bool { get }
    /// True when the layer keeps running statistics whose use depends on the freeze policy (BatchNorm).
    var hasRunningStatistics: Bool { get }
    /// The layers nested inside, in execution order (a residual block's body, then its shortcut).
    var nestedLayers: [Layer] { get }
    /// This operation with `transform` applied to every nested layer.
    func mappingNested(_ transform: (Layer) -> Layer) -> Self
    /// The first ONNX opset whose operators compute this layer exactly (see `ONNXExpressibility`).
    var minimumONNXOpset: Int { get }
    /// True when the layer's tensors are the enclosing block's own (ConvNeXt's `layer_scale`), listed before the
    /// block's submodules.
    var belongsToEnclosingBlock: Bool { get }
    /// Why no ONNX operator computes this layer exactly on one sample of `input`, nil when one does.
    func onnxShapeProblem(input: TensorShape) -> String?
}

extension LayerOperation {
    /// No tensors by default.
    public func parameters(named name: String) -> [ParameterInfo] { [] }
    /// Deterministic by default.
    public var isRandomInTraining: Bool { false }
    /// No running statistics by default.
    public var hasRunningStatistics: Bool { false }
    /// A layer of its own by default.
    public var belongsToEnclosingBlock: Bool { false }
    /// No nested layers by default.
    public var nestedLayers: [Layer] { [] }
    /// Nothing to map by default.
    public func mappingNested(_ transform: (Layer) -> Layer) -> Self { self }
    /// Every opset the export writes, by default.
    public var minimumONNXOpset: Int { ONNXExpressibility.opsets.lowerBound }
    /// Expressible at every input shape, by default.
    public func onnxShapeProblem(input: TensorShape) -> String? { nil }
}

/// A layer-language entry (`{op: conv2d, ...}`): its keys for the schema and how it becomes a graph layer.
public protocol LayerSyntax {
    /// The `op:` value.
    static var tag: String { get }
    /// The entry's keys, checked by the schema checker and documented by `tlrun schema`.
    static var schema: ObjectSchema { get }
    /// The layer a checked entry describes, named `name`; `classes` stands for `out_features: classes`.
    static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer
}

extension LayerSyntax where Self: LayerOperation {
    /// The layer named `name` whose operation `make` reads from the entry, placed at the entry.
    static func layer(_ spec: OpSpec, _ name: String, _ make: (OpSpec) -> Self) -> Layer {
        Layer(name, make(spec), origin: spec.path)
    }
}
