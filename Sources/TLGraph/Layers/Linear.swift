import TLConfig

/// A fully connected layer (torch.nn.Linear); `inFeatures` is filled in by shape inference when not declared.
public struct LinearOp: LayerOperation, LayerSyntax, Equatable {
    public var outFeatures: Int
    public var inFeatures: Int?
    public var bias: Bool
    /// How a zoo family initialises it (nil: as torch.nn.Linear does).
    public var initialization: LayerInitialization?

    /// The entry's keys, with PyTorch's meanings and defaults.
    public enum Keys {
        static let outFeatures = SchemaKey<Int>(
            "out_features", .oneOf([.integer(min: 1), .enumeration(["classes"])]), required: true,
            doc: "Output features, or `classes` for the number of dataset classes.")
        static let inFeatures = SchemaKey<Int>(
            "in_features", .integer(min: 1),
            doc: "Input features; checked against the incoming tensor when given.")
        public static let bias = DefaultedKey("bias", .boolean, default: true, doc: "Learn an additive bias.")
    }

    /// Creates linear-layer settings.
    public init(outFeatures: Int, inFeatures: Int? = nil, bias: Bool = Keys.bias.defaultValue) {
        self.outFeatures = outFeatures
        self.inFeatures = inFeatures
        self.bias = bias
    }

    public var kind: String { Self.tag }
    public static let tag = "linear"

    public static let schema = LayerSchema.op(
        "Fully connected layer (torch.nn.Linear).", [Keys.outFeatures, Keys.inFeatures, Keys.bias])

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        layer(spec, name) { spec in
            LinearOp(
                outFeatures: spec.width(Keys.outFeatures, classes: classes), inFeatures: spec[Keys.inFeatures],
                bias: spec[Keys.bias])
        }
    }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        let input = step.input
        var features = input.elementCount
        if input.dims.count != 1 {
            inference.problem(
                "shape/linear-4d", step, key: nil,
                "\(step.subject) is fed a \(input.dims.count + 1)-D tensor \(input)",
                expected: "N×features", got: input.description,
                hint:
                    "add {op: flatten} (\(input.elementCount) features) or {op: global_avgpool} (\(input.dims[0]) features) before it"
            )
            features = inFeatures ?? input.dims.last!
        } else {
            inference.checkDeclared(step, "in_features", inFeatures, actual: features, code: "shape/linear-in")
        }
        inFeatures = features
        guard let macs = inference.cost(step, [features, outFeatures], key: "out_features") else { return nil }
        return inference.record(step, self, output: TensorShape([outFeatures]), macs: macs)
    }

    /// Inputs feeding one output.
    public var fanIn: Int { max(1, inFeatures ?? 1) }

    public func parameters(named name: String) -> [ParameterInfo] {
        LayerInitialization.parameters(
            initialization, name: name, shape: [outFeatures, inFeatures ?? 0], bias: bias, fanIn: fanIn)
    }
}
