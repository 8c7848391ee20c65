import TLConfig

/// A 2-D convolution (torch.nn.Conv2d); `inChannels` is filled in by shape inference when not declared.
public struct Conv2dOp: LayerOperation, LayerSyntax, Equatable {
    public var outChannels: Int
    public var inChannels: Int?
    public var kernel: (Int, Int)
    public var stride: (Int, Int) = (1, 1)
    public var padding: (Int, Int) = (0, 0)
    public var dilation: (Int, Int) = (1, 1)
    public var groups: Int = 1
    public var bias: Bool = true

    /// Creates convolution settings (PyTorch's meanings and defaults).
    public init(outChannels: Int, inChannels: Int? = nil, kernel: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                dilation: (Int, Int) = (1, 1), groups: Int = 1, bias: Bool = true) {
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
    }

    public var kind: String { Self.tag }
    public static let tag = "conv2d"

    public static let schema = LayerSchema.op("2-D convolution (torch.nn.Conv2d).", [
        SchemaField("out_channels", .integer(min: 1), required: true, doc: "Output channels."),
        SchemaField("kernel_size", LayerSchema.pair, required: true, doc: "Kernel size."),
        SchemaField("in_channels", .integer(min: 1), doc: "Input channels; checked against the incoming tensor when given."),
        SchemaField("stride", LayerSchema.pair, default: .scalar(.int(1)), doc: "Stride."),
        SchemaField("padding", LayerSchema.padding, default: .scalar(.int(0)), doc: "Zero padding on each side."),
        SchemaField("dilation", LayerSchema.pair, default: .scalar(.int(1)), doc: "Dilation."),
        SchemaField("groups", .integer(min: 1), default: .scalar(.int(1)), doc: "Groups (in_channels for depthwise)."),
        SchemaField("bias", .boolean, default: .scalar(.bool(true)), doc: "Learn an additive bias."),
    ])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { spec in
            Conv2dOp(outChannels: spec.int("out_channels", 1), inChannels: spec.optionalInt("in_channels"),
                     kernel: spec.pair("kernel_size") ?? (1, 1), stride: spec.pair("stride") ?? (1, 1),
                     padding: spec.pair("padding") ?? (0, 0), dilation: spec.pair("dilation") ?? (1, 1),
                     groups: spec.int("groups", 1), bias: spec.bool("bias", true))
        }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        guard inference.needsImage(step) else { return nil }
        let channels = step.input.dims[0]
        inference.checkDeclared(step, "in_channels", inChannels, actual: channels, code: "shape/channels")
        inChannels = channels
        if channels % groups != 0 || outChannels % groups != 0 {
            inference.problem("shape/groups", step, key: "groups",
                              "\(step.subject): groups \(groups) must divide both in_channels \(channels) and out_channels \(outChannels)",
                              expected: "a divisor of \(channels) and \(outChannels)", got: "\(groups)")
        }
        guard let (h, w) = inference.window(step, kernel: kernel, stride: stride, padding: padding, dilation: dilation,
                                            ceil: false) else { return nil }
        let macs = outChannels * h * w * (channels / max(groups, 1)) * kernel.0 * kernel.1
        return inference.record(step, self, output: .image(outChannels, h, w), macs: macs)
    }

    /// Inputs feeding one output.
    public var fanIn: Int { max(1, (inChannels ?? 1) / groups * kernel.0 * kernel.1) }

    public func parameters(named name: String) -> [ParameterInfo] {
        let initial = InitialValue.uniform(fanIn: fanIn)
        let weight = ParameterInfo(name: name + ".weight", shape: [outChannels, (inChannels ?? 0) / groups, kernel.0, kernel.1],
                                   initial: initial)
        return bias ? [weight, ParameterInfo(name: name + ".bias", shape: [outChannels], initial: initial)] : [weight]
    }
}
