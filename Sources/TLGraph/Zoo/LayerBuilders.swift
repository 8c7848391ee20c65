/// Short constructors for zoo definitions.
enum Make {
    static func conv(
        _ name: String, _ out: Int, kernel: Int, stride: Int = 1, padding: Int = 0, groups: Int = 1,
        bias: Bool = true
    ) -> Layer {
        Layer(
            name,
            Conv2dOp(
                outChannels: out, inChannels: nil, kernel: (kernel, kernel), stride: (stride, stride),
                padding: (padding, padding), groups: groups, bias: bias))
    }

    /// torchvision's `BasicConv2d` of GoogLeNet and Inception v3 named `name`: `name.conv` (no bias), `name.bn` (eps
    /// 0.001) and a ReLU (`name.relu`; torchvision calls it as a function), one block; kernel and padding as (height,
    /// width).
    static func basicConv(
        _ name: String, _ out: Int, kernel: (Int, Int), stride: Int = 1, padding: (Int, Int) = (0, 0)
    ) -> Layer {
        Layer(
            name,
            SequenceOp([
                Layer(
                    "\(name).conv",
                    Conv2dOp(
                        outChannels: out, kernel: kernel, stride: (stride, stride), padding: padding, bias: false)),
                batchNorm("\(name).bn", eps: 0.001), relu("\(name).relu"),
            ]))
    }

    /// A square-kernel `basicConv`.
    static func basicConv(_ name: String, _ out: Int, kernel: Int, stride: Int = 1, padding: Int = 0) -> Layer {
        basicConv(name, out, kernel: (kernel, kernel), stride: stride, padding: (padding, padding))
    }

    static func avgPool(_ name: String, kernel: Int, stride: Int, padding: Int = 0) -> Layer {
        Layer(
            name,
            AvgPool2dOp(PoolWindow(kernel: (kernel, kernel), stride: (stride, stride), padding: (padding, padding))))
    }

    static func linear(_ name: String, _ out: Int) -> Layer {
        Layer(name, LinearOp(outFeatures: out, inFeatures: nil))
    }

    static func maxPool(_ name: String, kernel: Int, stride: Int, padding: Int = 0, ceil: Bool = false) -> Layer {
        Layer(
            name,
            MaxPool2dOp(
                PoolWindow(
                    kernel: (kernel, kernel), stride: (stride, stride), padding: (padding, padding), ceilMode: ceil)))
    }

    static func batchNorm(_ name: String, eps: Double = 1e-5, momentum: Double = 0.1) -> Layer {
        Layer(name, BatchNormOp(eps: eps, momentum: momentum))
    }

    static func relu(_ name: String) -> Layer { Layer(name, ReLUOp()) }

    /// torchvision's `Conv2dNormActivation` named `name`: `name.0` a convolution without bias padded to keep the size
    /// at stride 1, `name.1` BatchNorm (with `eps` and `momentum`), `name.2` the activation when there is one.
    static func convNormActivation(
        _ name: String, _ out: Int, kernel: Int, stride: Int = 1, groups: Int = 1, activation: (any LayerOperation)?,
        eps: Double = 1e-5, momentum: Double = 0.1
    ) -> [Layer] {
        [
            conv(
                "\(name).0", out, kernel: kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: false
            ),
            batchNorm("\(name).1", eps: eps, momentum: momentum),
        ] + (activation.map { [Layer("\(name).2", $0)] } ?? [])
    }

    /// torchvision's `SqueezeExcitation` named `name` on `channels` channels: average pooling, `name.fc1` (1x1 to
    /// `squeeze` channels), `name.activation`, `name.fc2` (1x1 back), `name.scale_activation`; their product with the input.
    static func squeezeExcitation(
        _ name: String, channels: Int, squeeze: Int, activation: any LayerOperation, scale: any LayerOperation
    ) -> Layer {
        Layer(
            name,
            GateOp(branch: [
                adaptiveAvgPool("\(name).avgpool", 1), conv("\(name).fc1", squeeze, kernel: 1),
                Layer("\(name).activation", activation), conv("\(name).fc2", channels, kernel: 1),
                Layer("\(name).scale_activation", scale),
            ]))
    }

    /// torchvision's `_make_divisible`: `value` rounded to the nearest multiple of `divisor` (at least `divisor`), and
    /// up by one more `divisor` where rounding took off more than a tenth.
    static func divisible(_ value: Double, by divisor: Int = 8) -> Int {
        let rounded = max(divisor, Int(value + Double(divisor) / 2) / divisor * divisor)
        return Double(rounded) < 0.9 * value ? rounded + divisor : rounded
    }

    static func dropout(_ name: String, _ p: Double = 0.5) -> Layer { Layer(name, DropoutOp(p: p)) }

    static func adaptiveAvgPool(_ name: String, _ size: Int) -> Layer {
        Layer(name, AdaptiveAvgPool2dOp(height: size, width: size))
    }

    static func flatten(_ name: String = "flatten") -> Layer { Layer(name, FlattenOp()) }

    /// torchvision's BasicBlock: conv-bn-relu-conv-bn plus a shortcut (a 1x1 downsample when the shape changes), then ReLU.
    static func basicBlock(_ name: String, outChannels: Int, stride: Int) -> Layer {
        let body = [
            conv("\(name).conv1", outChannels, kernel: 3, stride: stride, padding: 1, bias: false),
            batchNorm("\(name).bn1"),
            relu("\(name).relu"),
            conv("\(name).conv2", outChannels, kernel: 3, padding: 1, bias: false),
            batchNorm("\(name).bn2"),
        ]
        return Layer(name, ResidualOp(body: body, shortcut: [], projectsWhenShapeChanges: true))
    }

    /// torchvision's Bottleneck (ResNet v1.5: the stride on the 3x3 convolution): 1x1 down to `width`, a 3x3 with `groups`
    /// groups, 1x1 up to `outChannels`, each followed by BatchNorm, the first two by ReLU (torchvision's one `relu`
    /// module, called three times: `relu`, `relu_1` as torchvision's feature extractor names the calls), plus a
    /// shortcut (a 1x1 downsample when the shape changes), then ReLU.
    static func bottleneck(_ name: String, width: Int, outChannels: Int, stride: Int, groups: Int) -> Layer {
        let body = [
            conv("\(name).conv1", width, kernel: 1, bias: false),
            batchNorm("\(name).bn1"),
            relu("\(name).relu"),
            conv("\(name).conv2", width, kernel: 3, stride: stride, padding: 1, groups: groups, bias: false),
            batchNorm("\(name).bn2"),
            relu("\(name).relu_1"),
            conv("\(name).conv3", outChannels, kernel: 1, bias: false),
            batchNorm("\(name).bn3"),
        ]
        return Layer(name, ResidualOp(body: body, shortcut: [], projectsWhenShapeChanges: true))
    }

    /// The shortcut torchvision adds when a block changes the shape.
    static func downsample(_ name: String, outChannels: Int, stride: Int) -> [Layer] {
        [
            conv("\(name).downsample.0", outChannels, kernel: 1, stride: stride, bias: false),
            batchNorm("\(name).downsample.1"),
        ]
    }
}

/// The names `prefix.0`, `prefix.1`, … in turn: torchvision's numbering of the modules of an `nn.Sequential` whose
/// parts depend on settings (a block with or without its expansion convolution).
struct SequentialNames {
    let prefix: String
    private var count = 0

    /// Names the modules of `prefix`.
    init(_ prefix: String) { self.prefix = prefix }

    /// The next module's name.
    mutating func next() -> String {
        defer { count += 1 }
        return "\(prefix).\(count)"
    }
}
