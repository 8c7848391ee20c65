/// Settings of a 2-D convolution; `inChannels` is filled in by shape inference when not declared.
public struct Conv2dOp: Sendable, Equatable {
    public var outChannels: Int
    public var inChannels: Int?
    public var kernel: (Int, Int)
    public var stride: (Int, Int) = (1, 1)
    public var padding: (Int, Int) = (0, 0)
    public var dilation: (Int, Int) = (1, 1)
    public var groups: Int = 1
    public var bias: Bool = true

    public static func == (a: Conv2dOp, b: Conv2dOp) -> Bool {
        a.outChannels == b.outChannels && a.inChannels == b.inChannels && a.kernel == b.kernel && a.stride == b.stride
            && a.padding == b.padding && a.dilation == b.dilation && a.groups == b.groups && a.bias == b.bias
    }
}

/// Settings of a fully connected layer; `inFeatures` is filled in by shape inference when not declared.
public struct LinearOp: Sendable, Equatable {
    public var outFeatures: Int
    public var inFeatures: Int?
    public var bias: Bool = true
}

/// Settings of max or average pooling.
public struct Pool2dOp: Sendable, Equatable {
    public var kernel: (Int, Int)
    public var stride: (Int, Int)
    public var padding: (Int, Int) = (0, 0)
    public var dilation: (Int, Int) = (1, 1)
    public var ceilMode = false
    /// Average pooling only: whether zero padding counts in the divisor.
    public var countIncludePad = true

    public static func == (a: Pool2dOp, b: Pool2dOp) -> Bool {
        a.kernel == b.kernel && a.stride == b.stride && a.padding == b.padding && a.dilation == b.dilation
            && a.ceilMode == b.ceilMode && a.countIncludePad == b.countIncludePad
    }
}

/// Settings of batch normalisation; `features` is filled in by shape inference when not declared.
public struct BatchNormOp: Sendable, Equatable {
    public var features: Int?
    public var eps = 1e-5
    public var momentum = 0.1
    public var affine = true
}

/// A residual block: `body` and `shortcut` (empty means identity) run on the same input, are added, then ReLU.
public struct ResidualOp: Sendable {
    public var body: [Layer]
    public var shortcut: [Layer]
    /// When true and the body changes the shape, shape inference adds torchvision's `downsample`
    /// shortcut (1x1 convolution with the body's first stride, then BatchNorm).
    public var projectsWhenShapeChanges: Bool
}

/// What a layer computes.
public enum LayerOp: Sendable {
    case conv2d(Conv2dOp)
    case linear(LinearOp)
    case relu
    case leakyReLU(slope: Double)
    case gelu(tanh: Bool)
    case maxPool2d(Pool2dOp)
    case avgPool2d(Pool2dOp)
    case adaptiveAvgPool2d(height: Int, width: Int)
    case globalAvgPool
    case batchNorm2d(BatchNormOp)
    case batchNorm1d(BatchNormOp)
    case dropout(p: Double)
    case flatten
    case residual(ResidualOp)

    /// The layer-language name of the operation.
    public var kind: String {
        switch self {
        case .conv2d: return "conv2d"
        case .linear: return "linear"
        case .relu: return "relu"
        case .leakyReLU: return "leaky_relu"
        case .gelu: return "gelu"
        case .maxPool2d: return "maxpool2d"
        case .avgPool2d: return "avgpool2d"
        case .adaptiveAvgPool2d: return "adaptive_avgpool2d"
        case .globalAvgPool: return "global_avgpool"
        case .batchNorm2d: return "batchnorm2d"
        case .batchNorm1d: return "batchnorm1d"
        case .dropout: return "dropout"
        case .flatten: return "flatten"
        case .residual: return "residual"
        }
    }

    /// True for BatchNorm layers, whose behaviour depends on the freeze policy.
    public var isBatchNorm: Bool {
        switch self {
        case .batchNorm1d, .batchNorm2d: return true
        default: return false
        }
    }
}
