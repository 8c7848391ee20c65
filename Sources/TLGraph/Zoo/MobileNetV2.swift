/// torchvision's MobileNet V2 (`mobilenet_v2`): a ReLU6 stem, seventeen inverted residual blocks (1x1 expansion,
/// 3x3 depthwise, 1x1 linear projection, with a linear addition of the input where shape allows), a 1x1 head
/// convolution to 1280 channels, with torchvision's module names (`features.N`, `classifier.1`).
enum MobileNetV2 {
    /// Expansion factor, output channels, repeats and first stride of each group of blocks (torchvision's
    /// `inverted_residual_setting`).
    static let setting: [(expansion: Int, channels: Int, repeats: Int, stride: Int)] = [
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ]

    static let model = ZooModel(
        name: "mobilenet_v2",
        summary: "torchvision mobilenet_v2: 17 inverted residual blocks, ReLU6, BatchNorm (3x224x224)",
        defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "classifier.1",
        build: { classes in
            var layers = Make.convNormActivation("features.0", 32, kernel: 3, stride: 2, activation: ReLU6Op())
            var channels = 32, index = 1
            for group in setting {
                for repeat_ in 0..<group.repeats {
                    let stride = repeat_ == 0 ? group.stride : 1
                    layers.append(
                        invertedResidual(
                            "features.\(index)", input: channels, output: group.channels, stride: stride,
                            expansion: group.expansion))
                    channels = group.channels
                    index += 1
                }
            }
            layers += Make.convNormActivation("features.\(index)", 1280, kernel: 1, activation: ReLU6Op())
            return layers + [
                Make.adaptiveAvgPool("avgpool", 1), Make.flatten(), Make.dropout("classifier.0", 0.2),
                Make.linear("classifier.1", classes),
            ]
        })

    /// torchvision's `InvertedResidual`: a block named `name` whose layers are `name.conv.*`; with the linear addition
    /// of its input when the stride is 1 and the channels stay.
    static func invertedResidual(_ name: String, input: Int, output: Int, stride: Int, expansion: Int) -> Layer {
        let hidden = input * expansion
        var body: [Layer] = []
        if expansion != 1 {
            body += Make.convNormActivation("\(name).conv.\(body.count)", hidden, kernel: 1, activation: ReLU6Op())
        }
        let depthwise = "\(name).conv.\(expansion != 1 ? 1 : 0)"
        body += Make.convNormActivation(
            depthwise, hidden, kernel: 3, stride: stride, groups: hidden, activation: ReLU6Op())
        let projection = expansion != 1 ? 2 : 1
        body += [
            Make.conv("\(name).conv.\(projection)", output, kernel: 1, bias: false),
            Make.batchNorm("\(name).conv.\(projection + 1)"),
        ]
        guard stride == 1, input == output else { return Layer(name, SequenceOp(body)) }
        return Layer(name, ResidualOp(body: body, shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false))
    }
}
