import TLConfig

/// Batch normalisation over the channels of N×C×H×W (`spatial`, torch.nn.BatchNorm2d) or the features of N×F
/// (torch.nn.BatchNorm1d); `features` is filled in by shape inference when not declared.
public struct BatchNormOp: LayerOperation, Equatable {
    public var features: Int?
    public var eps: Double
    public var momentum: Double
    public var affine: Bool
    /// True for BatchNorm2d, false for BatchNorm1d.
    public var spatial: Bool

    /// The entries' keys, with PyTorch's defaults (`num_features` is documented per entry).
    public enum Keys {
        public static let eps = DefaultedKey("eps", .number(.positive), default: 1e-5, doc: "Added to the variance.")
        public static let momentum = DefaultedKey(
            "momentum", .number(.unit), default: 0.1, doc: "Running-statistics momentum.")
        public static let affine = DefaultedKey("affine", .boolean, default: true, doc: "Learn scale and shift.")

        /// The `num_features` key, described as `features`.
        static func features(_ features: String) -> SchemaKey<Int> {
            SchemaKey("num_features", .integer(min: 1), doc: "\(features); checked when given.")
        }
    }

    /// Creates batch-normalisation settings (PyTorch's defaults).
    public init(
        features: Int? = nil, eps: Double = Keys.eps.defaultValue, momentum: Double = Keys.momentum.defaultValue,
        affine: Bool = Keys.affine.defaultValue, spatial: Bool = true
    ) {
        self.features = features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.spatial = spatial
    }

    public var kind: String { spatial ? BatchNorm2dSyntax.tag : BatchNorm1dSyntax.tag }

    public mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
        let input = step.input
        if spatial ? !input.isImage : input.dims.count != 1 {
            inference.problem(
                "shape/rank", step, key: nil,
                "\(step.subject) needs an \(spatial ? "N×C×H×W" : "N×features") input but gets \(input)",
                expected: spatial ? "N×C×H×W" : "N×features", got: input.description,
                hint: spatial ? "use batchnorm1d after flatten" : "use batchnorm2d before flatten")
            return nil
        }
        inference.checkDeclared(step, "num_features", features, actual: input.dims[0], code: "shape/channels")
        features = input.dims[0]
        return inference.record(step, self, output: input)
    }

    public func parameters(named name: String) -> [ParameterInfo] {
        let n = features ?? 0
        let affineParameters =
            affine
            ? [
                ParameterInfo(name: name + ".weight", shape: [n], initial: .ones),
                ParameterInfo(name: name + ".bias", shape: [n]),
            ] : []
        return affineParameters + [
            ParameterInfo(name: name + ".running_mean", shape: [n], trainable: false),
            ParameterInfo(name: name + ".running_var", shape: [n], trainable: false, initial: .ones),
            ParameterInfo(name: name + ".num_batches_tracked", shape: [], trainable: false),
        ]
    }

    public var hasRunningStatistics: Bool { true }

    /// The keys both entries share.
    static func schema(_ doc: String, features: String) -> ObjectSchema {
        LayerSchema.op(doc, [Keys.features(features), Keys.eps, Keys.momentum, Keys.affine])
    }

    /// The operation an entry describes.
    init(spec: OpSpec, spatial: Bool) {
        self.init(
            features: spec[Keys.features("")], eps: spec[Keys.eps], momentum: spec[Keys.momentum],
            affine: spec[Keys.affine],
            spatial: spatial)
    }
}

/// The `batchnorm2d` entry.
public enum BatchNorm2dSyntax: LayerSyntax {
    public static let tag = "batchnorm2d"
    public static let schema = BatchNormOp.schema(
        "Batch normalisation over channels of a 4-D tensor.", features: "Channels")

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        Layer(name, BatchNormOp(spec: spec, spatial: true), origin: spec.path)
    }
}

/// The `batchnorm1d` entry.
public enum BatchNorm1dSyntax: LayerSyntax {
    public static let tag = "batchnorm1d"
    public static let schema = BatchNormOp.schema(
        "Batch normalisation over features of a 2-D tensor.", features: "Features")

    public static func layer(from spec: OpSpec, name: String, classes: Int) -> Layer {
        Layer(name, BatchNormOp(spec: spec, spatial: false), origin: spec.path)
    }
}
