import TLConfig

/// A residual block: `body` and `shortcut` (empty means identity) run on the same input and are added, then ReLU
/// (ResNet's blocks) or nothing (the linear addition of MobileNet V2's inverted residual).
public struct ResidualOp: LayerOperation {
    public var body: [Layer]
    public var shortcut: [Layer]
    /// When true and the body changes the shape, shape inference adds torchvision's `downsample`
    /// shortcut (1x1 convolution with the body's first stride, then BatchNorm).
    public var projectsWhenShapeChanges: Bool
    /// Whether a ReLU follows the addition.
    public var reluAfterAdd: Bool
    /// Whether the shortcut's layers come before the body's in the parameter order (RegNet's `proj` precedes its `f`).
    public var shortcutListedFirst: Bool

    /// Creates a residual block.
    public init(
        body: [Layer], shortcut: [Layer], projectsWhenShapeChanges: Bool, reluAfterAdd: Bool = true,
        shortcutListedFirst: Bool = false
    ) {
        self.body = body
        self.shortcut = shortcut
        self.projectsWhenShapeChanges = projectsWhenShapeChanges
        self.reluAfterAdd = reluAfterAdd
        self.shortcutListedFirst = shortcutListedFirst
    }

    public var kind: String { "residual" }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        let input = step.input
        let index = inference.reserve(step)
        let (resolvedBody, bodyOut) = inference.run(body, input: input, depth: step.depth + 1)
        if projectsWhenShapeChanges, shortcut.isEmpty, let bodyOut, bodyOut != input {
            shortcut = Make.downsample(step.layer.name, outChannels: bodyOut.dims[0], stride: Self.stride(body))
                .map { step.layer.origin.map($0.placed) ?? $0 }
        }
        let (resolvedShortcut, shortcutOut) = inference.run(shortcut, input: input, depth: step.depth + 1)
        body = resolvedBody
        shortcut = resolvedShortcut
        guard let bodyOut, let shortcutOut else { return nil }
        if bodyOut != shortcutOut {
            inference.problem(
                "shape/residual", step, key: nil,
                "residual block '\(step.layer.name)' adds tensors of different shapes",
                expected: shortcutOut.description, got: bodyOut.description,
                hint: "the block's shortcut needs a downsample when stride or channels change")
            return nil
        }
        inference.complete(index, self, output: bodyOut)
        return bodyOut
    }

    /// The stride of `layers` together: the product of their convolutions' strides (a basic block strides in its
    /// first convolution, a bottleneck in its second).
    static func stride(_ layers: [Layer]) -> Int {
        layers.compactMap { $0.op as? Conv2dOp }.reduce(1) { $0 * $1.stride.0 }
    }

    public var nestedLayers: [Layer] { shortcutListedFirst ? shortcut + body : body + shortcut }

    public func mappingNested(_ transform: (Layer) -> Layer) -> ResidualOp {
        ResidualOp(
            body: body.map(transform), shortcut: shortcut.map(transform),
            projectsWhenShapeChanges: projectsWhenShapeChanges, reluAfterAdd: reluAfterAdd,
            shortcutListedFirst: shortcutListedFirst)
    }
}

/// The `basic_block` entry: torchvision's ResNet BasicBlock.
public enum BasicBlockSyntax: LayerSyntax {
    public static let tag = "basic_block"
    static let outChannels = SchemaKey<Int>("out_channels", .integer(min: 1), required: true, doc: "Output channels.")
    static let stride = DefaultedKey(
        "stride", .integer(min: 1), default: 1,
        doc: "Stride of the first convolution; a 1x1 downsample is added when the shape changes.")
    public static let schema = LayerSchema.op(
        "ResNet basic block (two 3x3 convolutions with BatchNorm and a residual connection).",
        [outChannels, stride])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        Make.basicBlock(name, outChannels: spec[outChannels] ?? 1, stride: spec[stride]).placed(at: spec.path)
    }
}
