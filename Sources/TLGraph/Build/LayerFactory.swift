import TLConfig

/// Turns layer-language entries (`op:` mappings) into graph layers.
public enum LayerFactory {
    /// The layer for `spec`, named `defaultName` unless the file names it; `classes` replaces `out_features: classes`.
    public static func layer(_ spec: OpSpec, defaultName: String, classes: Int) -> Layer {
        let name = spec.name ?? defaultName
        let one = (1, 1), zero = (0, 0)
        let op: LayerOp
        switch spec.op {
        case "conv2d":
            op = .conv2d(Conv2dOp(
                outChannels: spec.int("out_channels", 1), inChannels: spec.optionalInt("in_channels"),
                kernel: spec.pair("kernel_size") ?? one, stride: spec.pair("stride") ?? one,
                padding: spec.pair("padding") ?? zero, dilation: spec.pair("dilation") ?? one,
                groups: spec.int("groups", 1), bias: spec.bool("bias", true)))
        case "linear":
            let out = spec.node["out_features"]?.string == "classes" ? classes : spec.int("out_features", 1)
            op = .linear(LinearOp(outFeatures: out, inFeatures: spec.optionalInt("in_features"), bias: spec.bool("bias", true)))
        case "relu": op = .relu
        case "leaky_relu": op = .leakyReLU(slope: spec.double("negative_slope", 0.01))
        case "gelu": op = .gelu(tanh: spec.string("approximate", "none") == "tanh")
        case "maxpool2d", "avgpool2d":
            let kernel = spec.pair("kernel_size") ?? one
            let pool = Pool2dOp(kernel: kernel, stride: spec.pair("stride") ?? kernel, padding: spec.pair("padding") ?? zero,
                                dilation: spec.pair("dilation") ?? one, ceilMode: spec.bool("ceil_mode", false),
                                countIncludePad: spec.bool("count_include_pad", true))
            op = spec.op == "maxpool2d" ? .maxPool2d(pool) : .avgPool2d(pool)
        case "adaptive_avgpool2d":
            let size = spec.pair("output_size") ?? one
            op = .adaptiveAvgPool2d(height: size.0, width: size.1)
        case "global_avgpool": op = .globalAvgPool
        case "batchnorm2d", "batchnorm1d":
            let bn = BatchNormOp(features: spec.optionalInt("num_features"), eps: spec.double("eps", 1e-5),
                                 momentum: spec.double("momentum", 0.1), affine: spec.bool("affine", true))
            op = spec.op == "batchnorm2d" ? .batchNorm2d(bn) : .batchNorm1d(bn)
        case "dropout": op = .dropout(p: spec.double("p", 0.5))
        case "basic_block":
            return Make.basicBlock(name, outChannels: spec.int("out_channels", 1), stride: spec.int("stride", 1)).placed(at: spec.path)
        default: op = .flatten
        }
        return Layer(name, op, origin: spec.path)
    }

    /// True when `spec` names an operation of the layer language (the schema check reports the others).
    public static func knows(_ spec: OpSpec) -> Bool { LayerSchema.variants.contains { $0.tag == spec.op } }

    /// True when every entry names a known operation, so the graph can be built from them.
    public static func knowsAll(_ specs: [OpSpec]) -> Bool { specs.allSatisfy(knows) }

    /// Layers for a list of entries; unnamed ones become `<prefix><index>`.
    public static func layers(_ specs: [OpSpec], prefix: String, classes: Int) -> [Layer] {
        specs.enumerated().map { index, spec in layer(spec, defaultName: "\(prefix)\(index)", classes: classes) }
    }
}
