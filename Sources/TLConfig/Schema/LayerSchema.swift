/// The layer language shared by inline source models and heads.
public enum LayerSchema {
    /// An integer size or an `[height, width]` pair.
    public static let pair: SchemaType = .oneOf([
        .integer(min: 1), .array(.integer(min: 1), minItems: 2, maxItems: 2),
    ])
    /// Like `pair` but zero is allowed (padding).
    static let padding: SchemaType = .oneOf([
        .integer(min: 0), .array(.integer(min: 0), minItems: 2, maxItems: 2),
    ])

    static let name = SchemaField("name", .string(pattern: "^[A-Za-z_][A-Za-z0-9_.]*$"),
        doc: "Layer name (parameter keys are `<name>.weight`); defaults to `<section>.<index>`.")

    static func op(_ doc: String, _ fields: [SchemaField]) -> ObjectSchema {
        ObjectSchema(doc, [name] + fields)
    }

    /// Every layer operation with its keys, in PyTorch's spelling.
    public static let variants: [(tag: String, schema: ObjectSchema)] = [
        ("conv2d", op("2-D convolution (torch.nn.Conv2d).", [
            SchemaField("out_channels", .integer(min: 1), required: true, doc: "Output channels."),
            SchemaField("kernel_size", pair, required: true, doc: "Kernel size."),
            SchemaField("in_channels", .integer(min: 1), doc: "Input channels; checked against the incoming tensor when given."),
            SchemaField("stride", pair, default: .scalar(.int(1)), doc: "Stride."),
            SchemaField("padding", padding, default: .scalar(.int(0)), doc: "Zero padding on each side."),
            SchemaField("dilation", pair, default: .scalar(.int(1)), doc: "Dilation."),
            SchemaField("groups", .integer(min: 1), default: .scalar(.int(1)), doc: "Groups (in_channels for depthwise)."),
            SchemaField("bias", .boolean, default: .scalar(.bool(true)), doc: "Learn an additive bias."),
        ])),
        ("linear", op("Fully connected layer (torch.nn.Linear).", [
            SchemaField("out_features", .oneOf([.integer(min: 1), .enumeration(["classes"])]), required: true,
                        doc: "Output features, or `classes` for the number of dataset classes."),
            SchemaField("in_features", .integer(min: 1), doc: "Input features; checked against the incoming tensor when given."),
            SchemaField("bias", .boolean, default: .scalar(.bool(true)), doc: "Learn an additive bias."),
        ])),
        ("relu", op("Rectified linear unit.", [])),
        ("leaky_relu", op("Leaky ReLU.", [
            SchemaField("negative_slope", .number(.nonNegative), default: .scalar(.double(0.01)), doc: "Slope for negative inputs."),
        ])),
        ("gelu", op("Gaussian error linear unit.", [
            SchemaField("approximate", .enumeration(["none", "tanh"]), default: .scalar(.string("none")), doc: "Exact (`none`) or tanh approximation."),
        ])),
        ("maxpool2d", op("2-D max pooling (torch.nn.MaxPool2d).", [
            SchemaField("kernel_size", pair, required: true, doc: "Window size."),
            SchemaField("stride", pair, doc: "Stride; defaults to kernel_size."),
            SchemaField("padding", padding, default: .scalar(.int(0)), doc: "Implicit negative-infinity padding."),
            SchemaField("dilation", pair, default: .scalar(.int(1)), doc: "Dilation."),
            SchemaField("ceil_mode", .boolean, default: .scalar(.bool(false)), doc: "Round the output size up instead of down."),
        ])),
        ("avgpool2d", op("2-D average pooling (torch.nn.AvgPool2d).", [
            SchemaField("kernel_size", pair, required: true, doc: "Window size."),
            SchemaField("stride", pair, doc: "Stride; defaults to kernel_size."),
            SchemaField("padding", padding, default: .scalar(.int(0)), doc: "Implicit zero padding."),
            SchemaField("ceil_mode", .boolean, default: .scalar(.bool(false)), doc: "Round the output size up instead of down."),
            SchemaField("count_include_pad", .boolean, default: .scalar(.bool(true)), doc: "Count padding in the average."),
        ])),
        ("adaptive_avgpool2d", op("Adaptive average pooling to a fixed output size.", [
            SchemaField("output_size", pair, required: true, doc: "Output height and width."),
        ])),
        ("global_avgpool", op("Average over height and width; output is N×C (already flat).", [])),
        ("batchnorm2d", op("Batch normalisation over channels of a 4-D tensor.", [
            SchemaField("num_features", .integer(min: 1), doc: "Channels; checked when given."),
            SchemaField("eps", .number(.positive), default: .scalar(.double(1e-5)), doc: "Added to the variance."),
            SchemaField("momentum", .number(.unit), default: .scalar(.double(0.1)), doc: "Running-statistics momentum."),
            SchemaField("affine", .boolean, default: .scalar(.bool(true)), doc: "Learn scale and shift."),
        ])),
        ("batchnorm1d", op("Batch normalisation over features of a 2-D tensor.", [
            SchemaField("num_features", .integer(min: 1), doc: "Features; checked when given."),
            SchemaField("eps", .number(.positive), default: .scalar(.double(1e-5)), doc: "Added to the variance."),
            SchemaField("momentum", .number(.unit), default: .scalar(.double(0.1)), doc: "Running-statistics momentum."),
            SchemaField("affine", .boolean, default: .scalar(.bool(true)), doc: "Learn scale and shift."),
        ])),
        ("dropout", op("Dropout (active in training only).", [
            SchemaField("p", .number(NumberRange(min: 0, max: 1, maxExclusive: true)), default: .scalar(.double(0.5)), doc: "Drop probability."),
        ])),
        ("flatten", op("Flatten everything after the batch dimension.", [])),
        ("basic_block", op("ResNet basic block (two 3x3 convolutions with BatchNorm and a residual connection).", [
            SchemaField("out_channels", .integer(min: 1), required: true, doc: "Output channels."),
            SchemaField("stride", .integer(min: 1), default: .scalar(.int(1)), doc: "Stride of the first convolution; a 1x1 downsample is added when the shape changes."),
        ])),
    ]

    /// One layer: a mapping whose `op` picks the operation.
    public static let layer: SchemaType = .tagged(key: "op", variants: variants)

    /// A list of layers.
    public static let layers: SchemaType = .array(layer, minItems: 1)
}
