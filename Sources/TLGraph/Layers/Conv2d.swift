import TLConfig

/// A 2-D convolution (torch.nn.Conv2d); `inChannels` is filled in by shape inference when not declared.
public struct Conv2dOp: LayerOperation, LayerSyntax, Equatable {
    public var outChannels: Int
    public var inChannels: Int?
    public var kernel: (Int, Int)
    public var stride: (Int, Int)
    public var padding: (Int, Int)
    public var dilation: (Int, Int)
    public var groups: Int
    public var bias: Bool
    /// How a zoo family initialises it (nil: as torch.nn.Conv2d does).
    public var initialization: LayerInitialization?

    /// The entry's keys, with PyTorch's meanings and defaults.
    public enum Keys {
        static let outChannels = SchemaKey<Int>(
            "out_channels", .oneOf([.integer(min: 1), .enumeration(["classes"])]), required: true,
            doc: "Output channels; `classes` for the pipeline's class count (a convolutional classifier).")
        static let kernelSize = SchemaKey<SizePair>(
            "kernel_size", LayerSchema.pair, required: true, doc: "Kernel size.")
        static let inChannels = SchemaKey<Int>(
            "in_channels", .integer(min: 1),
            doc: "Input channels; checked against the incoming tensor when given.")
        public static let stride = DefaultedKey("stride", LayerSchema.pair, default: SizePair(1), doc: "Stride.")
        public static let padding = DefaultedKey(
            "padding", LayerSchema.padding, default: SizePair(0), doc: "Zero padding on each side.")
        public static let dilation = DefaultedKey("dilation", LayerSchema.pair, default: SizePair(1), doc: "Dilation.")
        public static let groups = DefaultedKey(
            "groups", .integer(min: 1), default: 1, doc: "Groups (in_channels for depthwise).")
        public static let bias = DefaultedKey("bias", .boolean, default: true, doc: "Learn an additive bias.")
    }

    /// Creates convolution settings (PyTorch's meanings and defaults).
    public init(
        outChannels: Int, inChannels: Int? = nil, kernel: (Int, Int),
        stride: (Int, Int) = Keys.stride.defaultValue.tuple,
        padding: (Int, Int) = Keys.padding.defaultValue.tuple, dilation: (Int, Int) = Keys.dilation.defaultValue.tuple,
        groups: Int = Keys.groups.defaultValue, bias: Bool = Keys.bias.defaultValue
    ) {
        self.outChannels = outChannels
        self.inChannels = inChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.bias = bias
    }

    public static func == (a: Conv2dOp, b: Conv2dOp) -> Bool {
        a.outChannels == b.outChannels && a.inChannels == b.inChannels && a.kernel == b.kernel && a.stride == b.stride
            && a.padding == b.padding && a.dilation == b.dilation && a.groups == b.groups && a.bias == b.bias
            && a.initialization == b.initialization
    }

    public var kind: String { Self.tag }
    public static let tag = "conv2d"

    public static let schema = LayerSchema.op(
        "2-D convolution (torch.nn.Conv2d).",
        [
            Keys.outChannels, Keys.kernelSize, Keys.inChannels, Keys.stride, Keys.padding, Keys.dilation, Keys.groups,
            Keys.bias,
        ])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { spec in
            Conv2dOp(
                outChannels: spec.width(Keys.outChannels, classes: classes), inChannels: spec[Keys.inChannels],
                kernel: (spec[Keys.kernelSize] ?? SizePair(1)).tuple, stride: spec[Keys.stride].tuple,
                padding: spec[Keys.padding].tuple,
                dilation: spec[Keys.dilation].tuple, groups: spec[Keys.groups], bias: spec[Keys.bias])
        }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        let channels = step.input.dims[0]
        inference.checkDeclared(step, "in_channels", inChannels, actual: channels, code: "shape/channels")
        inChannels = channels
        if channels % groups != 0 || outChannels % groups != 0 {
            inference.problem(
                "shape/groups", step, key: "groups",
                "\(step.subject): groups \(groups) must divide both in_channels \(channels) and out_channels \(outChannels)",
                expected: "a divisor of \(channels) and \(outChannels)", got: "\(groups)")
        }
        guard
            let (h, w) = inference.window(
                step, kernel: kernel, stride: stride, padding: padding, dilation: dilation,
                ceil: false)
        else { return nil }
        guard
            let macs = inference.cost(
                step, [outChannels, h, w, channels / max(groups, 1), kernel.0, kernel.1],
                key: "out_channels")
        else { return nil }
        return inference.record(step, self, output: .image(outChannels, h, w), macs: macs)
    }

    /// Inputs feeding one output.
    public var fanIn: Int { max(1, (inChannels ?? 1) / groups * kernel.0 * kernel.1) }

    public func parameters(named name: String) -> [ParameterInfo] {
        LayerInitialization.parameters(
            initialization, name: name, shape: [outChannels, (inChannels ?? 0) / groups, kernel.0, kernel.1],
            bias: bias, fanIn: fanIn)
    }
}
