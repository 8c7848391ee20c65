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
}

/// Settings of a fully connected layer; `inFeatures` is filled in by shape inference when not declared.
public struct LinearOp: Sendable, Equatable {
    public var outFeatures: Int
    public var inFeatures: Int?
    public var bias: Bool = true

    /// Creates linear-layer settings.
    public init(outFeatures: Int, inFeatures: Int? = nil, bias: Bool = true) {
        self.outFeatures = outFeatures
        self.inFeatures = inFeatures
        self.bias = bias
    }
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

    /// Creates pooling settings (PyTorch's meanings and defaults).
    public init(kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1),
                ceilMode: Bool = false, countIncludePad: Bool = true) {
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
    }

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

    /// Creates batch-normalisation settings (PyTorch's defaults).
    public init(features: Int? = nil, eps: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true) {
        self.features = features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
    }
}

/// A residual block: `body` and `shortcut` (empty means identity) run on the same input, are added, then ReLU.
public struct ResidualOp: Sendable {
    public var body: [Layer]
    public var shortcut: [Layer]
    /// When true and the body changes the shape, shape inference adds torchvision's `downsample`
    /// shortcut (1x1 convolution with the body's first stride, then BatchNorm).
    public var projectsWhenShapeChanges: Bool

    /// Creates a residual block.
    public init(body: [Layer], shortcut: [Layer], projectsWhenShapeChanges: Bool) {
        self.body = body
        self.shortcut = shortcut
        self.projectsWhenShapeChanges = projectsWhenShapeChanges
    }
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
