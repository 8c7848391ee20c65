/// How a torchvision family initialises a convolution's or linear layer's weight (its `_initialize_weights`, or the
/// loop at the end of its `__init__`) where that departs from torch.nn's default. Fans are PyTorch's: for a weight of
/// shape out × in/groups × kh × kw, fan-in is in/groups·kh·kw and fan-out out·kh·kw.
public enum WeightInitialization: Sendable, Equatable {
    /// kaiming_normal_ with mode fan_out and ReLU's gain: standard deviation √(2 / fan-out).
    case kaimingNormalFanOut
    /// kaiming_normal_ with its defaults (fan_in, gain √2): standard deviation √(2 / fan-in).
    case kaimingNormalFanIn
    /// kaiming_uniform_ with its defaults (fan_in, gain √2): bound √(6 / fan-in).
    case kaimingUniformFanIn
    /// kaiming_uniform_ with mode fan_out and gain 1 (MNASNet's classifier, "sigmoid"): bound √(3 / fan-out).
    case kaimingUniformFanOutUnitGain
    /// normal_ with mean 0.
    case normal(std: Double)
    /// trunc_normal_ with mean 0 within ±2.
    case truncatedNormal(std: Double)
    /// Uniform in ±1/√out (EfficientNet's classifier).
    case uniformOverOutputs
    /// trunc_normal_ within ±2 with standard deviation √(1 / fan-in) (ViT's patch projection).
    case truncatedNormalFanIn
    /// xavier_uniform_: bound √(6 / (fan-in + fan-out)).
    case xavierUniform
    /// All zeros (ViT's head).
    case zeros

    /// The initial value of a weight of `shape` (outputs first).
    public func initial(shape: [Int]) -> InitialValue {
        let receptive = shape.dropFirst(2).reduce(1, *)
        let fanIn = Double(max(1, (shape.count > 1 ? shape[1] : 1) * receptive))
        let fanOut = Double(max(1, (shape.first ?? 1) * receptive))
        switch self {
        case .kaimingNormalFanOut: return .normal(std: (2 / fanOut).squareRoot(), bound: nil)
        case .kaimingNormalFanIn: return .normal(std: (2 / fanIn).squareRoot(), bound: nil)
        case .kaimingUniformFanIn: return .uniformWithin((6 / fanIn).squareRoot())
        case .kaimingUniformFanOutUnitGain: return .uniformWithin((3 / fanOut).squareRoot())
        case .normal(let std): return .normal(std: std, bound: nil)
        case .truncatedNormal(let std): return .normal(std: std, bound: 2)
        case .uniformOverOutputs: return .uniformWithin(1 / Double(max(1, shape.first ?? 1)).squareRoot())
        case .truncatedNormalFanIn: return .normal(std: (1 / fanIn).squareRoot(), bound: 2)
        case .xavierUniform: return .uniformWithin((6 / (fanIn + fanOut)).squareRoot())
        case .zeros: return .zeros
        }
    }
}

/// A convolution's or linear layer's initialisation as its zoo family sets it: the weight's (torch.nn's default when
/// nil) and whether the bias starts at zero (else torch.nn's default), or normal with `biasStd`.
public struct LayerInitialization: Sendable, Equatable {
    public var weight: WeightInitialization?
    public var zeroBias: Bool
    /// The bias's standard deviation where it starts normal (ViT's MLP), overriding `zeroBias`.
    public var biasStd: Double?

    /// Creates a layer's initialisation.
    public init(weight: WeightInitialization?, zeroBias: Bool, biasStd: Double? = nil) {
        self.weight = weight
        self.zeroBias = zeroBias
        self.biasStd = biasStd
    }

    /// The tensors of a layer with a weight of `shape`, named `name.weight` and (with `bias`) `name.bias`, initialised
    /// as `initialization` says, or as torch.nn does (uniform in ±1/√`fanIn`) where it is nil.
    static func parameters(
        _ initialization: LayerInitialization?, name: String, shape: [Int], bias: Bool, fanIn: Int
    ) -> [ParameterInfo] {
        let standard = InitialValue.uniform(fanIn: fanIn)
        let weight = ParameterInfo(
            name: name + ".weight", shape: shape,
            initial: initialization?.weight?.initial(shape: shape) ?? standard)
        guard bias else { return [weight] }
        let biasInitial: InitialValue =
            initialization?.biasStd.map { .normal(std: $0, bound: nil) }
            ?? (initialization?.zeroBias == true ? .zeros : standard)
        return [weight, ParameterInfo(name: name + ".bias", shape: [shape[0]], initial: biasInitial)]
    }
}

/// Layers whose weights a family initialises its own way.
protocol FamilyInitialized: LayerOperation {
    /// The family's initialisation of this layer (nil: torch.nn's default).
    var initialization: LayerInitialization? { get set }
}

extension Conv2dOp: FamilyInitialized {}
extension LinearOp: FamilyInitialized {}
extension PointwiseLinearOp: FamilyInitialized {}

/// Each family's initialisation, applied to the layers its builder makes.
enum ZooInitialization {
    /// ResNet, ResNeXt, Wide ResNet: convolutions kaiming_normal_ (fan_out, ReLU); the classifier as torch.nn does.
    static let resNet = rule(convolution: LayerInitialization(weight: .kaimingNormalFanOut, zeroBias: true))

    /// VGG, MobileNet V2 and V3, RegNet (its normal_ with √(2/fan_out) is the same): convolutions kaiming_normal_
    /// (fan_out), linear layers normal_(0, 0.01), biases zero.
    static let kaimingAndSmallLinear = rule(
        convolution: LayerInitialization(weight: .kaimingNormalFanOut, zeroBias: true),
        linear: LayerInitialization(weight: .normal(std: 0.01), zeroBias: true))

    /// EfficientNet V1 and V2: convolutions kaiming_normal_ (fan_out), the classifier uniform in ±1/√out, biases zero.
    static let efficientNet = rule(
        convolution: LayerInitialization(weight: .kaimingNormalFanOut, zeroBias: true),
        linear: LayerInitialization(weight: .uniformOverOutputs, zeroBias: true))

    /// MNASNet: convolutions kaiming_normal_ (fan_out, ReLU), the classifier kaiming_uniform_ (fan_out, sigmoid),
    /// biases zero.
    static let mnasNet = rule(
        convolution: LayerInitialization(weight: .kaimingNormalFanOut, zeroBias: true),
        linear: LayerInitialization(weight: .kaimingUniformFanOutUnitGain, zeroBias: true))

    /// ConvNeXt: convolutions and linear layers trunc_normal_(std 0.02), biases zero.
    static let convNeXt = rule(
        convolution: LayerInitialization(weight: .truncatedNormal(std: 0.02), zeroBias: true),
        linear: LayerInitialization(weight: .truncatedNormal(std: 0.02), zeroBias: true))

    /// DenseNet: convolutions kaiming_normal_ (fan_in), the classifier's bias zero.
    static let denseNet = rule(
        convolution: LayerInitialization(weight: .kaimingNormalFanIn, zeroBias: true),
        linear: LayerInitialization(weight: nil, zeroBias: true))

    /// SqueezeNet: the final convolution normal_(0, 0.01), the others kaiming_uniform_, biases zero.
    static let squeezeNet: @Sendable (Layer) -> LayerInitialization? = { layer in
        LayerInitialization(
            weight: layer.name == "classifier.1" ? .normal(std: 0.01) : .kaimingUniformFanIn, zeroBias: true)
    }

    /// GoogLeNet: convolutions and linear layers trunc_normal_(std 0.01); biases as torch.nn makes them.
    static let googLeNet = rule(
        convolution: LayerInitialization(weight: .truncatedNormal(std: 0.01), zeroBias: false),
        linear: LayerInitialization(weight: .truncatedNormal(std: 0.01), zeroBias: false))

    /// Inception v3: convolutions and linear layers trunc_normal_(std 0.1), the auxiliary classifier's last layer
    /// (whose `stddev` torchvision sets) 0.001; biases as torch.nn makes them.
    static let inceptionV3: @Sendable (Layer) -> LayerInitialization? = { layer in
        LayerInitialization(
            weight: .truncatedNormal(std: layer.name == "AuxLogits.fc" ? 0.001 : 0.1), zeroBias: false)
    }

    /// A rule giving convolutions (pointwise linear layers count as linear) and linear layers one initialisation each.
    static func rule(convolution: LayerInitialization?, linear: LayerInitialization? = nil)
        -> @Sendable (Layer) -> LayerInitialization?
    {
        { layer in layer.op is Conv2dOp ? convolution : linear }
    }

    /// ViT: the patch projection trunc_normal_ (√(1/fan-in)) with a zero bias, the MLP's linear layers xavier_uniform_
    /// with biases normal_(std 1e-6), the head zero.
    static let visionTransformer: @Sendable (Layer) -> LayerInitialization? = { layer in
        if layer.op is Conv2dOp { return LayerInitialization(weight: .truncatedNormalFanIn, zeroBias: true) }
        if layer.op is PointwiseLinearOp {
            return LayerInitialization(weight: .xavierUniform, zeroBias: false, biasStd: 1e-6)
        }
        return LayerInitialization(weight: .zeros, zeroBias: true)
    }

    /// Swin: linear layers (the MLPs, patch merging's reductions, the head) trunc_normal_(std 0.02) with zero biases;
    /// the patch embedding as torch.nn makes it (window attention's own tensors are initialised by its layer type).
    static let swinTransformer = rule(
        convolution: nil, linear: LayerInitialization(weight: .truncatedNormal(std: 0.02), zeroBias: true))

    /// `layers` (and every layer nested in them) with each convolution's and linear layer's initialisation set by
    /// `rule`.
    static func apply(_ layers: [Layer], _ rule: (Layer) -> LayerInitialization?) -> [Layer] {
        layers.map { layer in
            var op: any LayerOperation = layer.op.mappingNested { apply([$0], rule)[0] }
            if var initialized = op as? any FamilyInitialized {
                initialized.initialization = rule(layer)
                op = initialized
            }
            return layer.with(op)
        }
    }
}

extension ZooModel {
    /// The model with the layers its builder makes initialised as `rule` says.
    func initialized(by rule: @escaping @Sendable (Layer) -> LayerInitialization?) -> ZooModel {
        var model = self
        let build = self.build
        model.build = { ZooInitialization.apply(build($0), rule) }
        return model
    }
}
