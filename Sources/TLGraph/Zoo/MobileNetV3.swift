/// torchvision's MobileNet V3 (`mobilenet_v3_large`, `mobilenet_v3_small`): a hard-swish stem, inverted residual blocks
/// (optional 1x1 expansion, depthwise 3x3 or 5x5, an optional squeeze-and-excitation gate with a hard sigmoid, linear 1x1
/// projection, a linear addition where shape allows) with ReLU or hard swish, a 1x1 head convolution and a two-layer
/// classifier; BatchNorm with eps 0.001 and momentum 0.01; torchvision's module names (`features.N.block.M`).
enum MobileNetV3 {
    /// One block of torchvision's `InvertedResidualConfig` (width 1.0, no dilation).
    struct Block {
        let input: Int
        let kernel: Int
        let expanded: Int
        let output: Int
        let gated: Bool
        let hardSwish: Bool
        let stride: Int
    }

    /// torchvision's `mobilenet_v3_large` blocks.
    static let large: [Block] = [
        (16, 3, 16, 16, false, false, 1), (16, 3, 64, 24, false, false, 2), (24, 3, 72, 24, false, false, 1),
        (24, 5, 72, 40, true, false, 2), (40, 5, 120, 40, true, false, 1), (40, 5, 120, 40, true, false, 1),
        (40, 3, 240, 80, false, true, 2), (80, 3, 200, 80, false, true, 1), (80, 3, 184, 80, false, true, 1),
        (80, 3, 184, 80, false, true, 1), (80, 3, 480, 112, true, true, 1), (112, 3, 672, 112, true, true, 1),
        (112, 5, 672, 160, true, true, 2), (160, 5, 960, 160, true, true, 1), (160, 5, 960, 160, true, true, 1),
    ].map(Block.init)

    /// torchvision's `mobilenet_v3_small` blocks.
    static let small: [Block] = [
        (16, 3, 16, 16, true, false, 2), (16, 3, 72, 24, false, false, 2), (24, 3, 88, 24, false, false, 1),
        (24, 5, 96, 40, true, true, 2), (40, 5, 240, 40, true, true, 1), (40, 5, 240, 40, true, true, 1),
        (40, 5, 120, 48, true, true, 1), (48, 5, 144, 48, true, true, 1), (48, 5, 288, 96, true, true, 2),
        (96, 5, 576, 96, true, true, 1), (96, 5, 576, 96, true, true, 1),
    ].map(Block.init)

    static let models = [
        model(name: "mobilenet_v3_large", blocks: large, lastChannel: 1280),
        model(name: "mobilenet_v3_small", blocks: small, lastChannel: 1024),
    ]

    static let eps = 0.001
    static let momentum = 0.01

    /// The network of `blocks`, its classifier's hidden layer `lastChannel` wide.
    static func model(name: String, blocks: [Block], lastChannel: Int) -> ZooModel {
        ZooModel(
            name: name,
            summary:
                "torchvision \(name): \(blocks.count) inverted residual blocks, squeeze-and-excitation, hard swish (3x224x224)",
            defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "classifier.3",
            build: { classes in
                var layers = Make.convNormActivation(
                    "features.0", blocks[0].input, kernel: 3, stride: 2, activation: HardswishOp(), eps: eps,
                    momentum: momentum)
                for (index, block) in blocks.enumerated() {
                    layers.append(invertedResidual("features.\(index + 1)", block))
                }
                let last = 6 * blocks[blocks.count - 1].output
                layers += Make.convNormActivation(
                    "features.\(blocks.count + 1)", last, kernel: 1, activation: HardswishOp(), eps: eps,
                    momentum: momentum)
                return layers + [
                    Make.adaptiveAvgPool("avgpool", 1), Make.flatten(), Make.linear("classifier.0", lastChannel),
                    Layer("classifier.1", HardswishOp()), Make.dropout("classifier.2", 0.2),
                    Make.linear("classifier.3", classes),
                ]
            })
    }

    /// torchvision's MobileNet V3 `InvertedResidual` named `name`, its layers `name.block.M`.
    static func invertedResidual(_ name: String, _ block: Block) -> Layer {
        let activation: any LayerOperation = block.hardSwish ? HardswishOp() : ReLUOp()
        var body: [Layer] = []
        var names = SequentialNames("\(name).block")
        if block.expanded != block.input {
            body += Make.convNormActivation(
                names.next(), block.expanded, kernel: 1, activation: activation, eps: eps, momentum: momentum)
        }
        body += Make.convNormActivation(
            names.next(), block.expanded, kernel: block.kernel, stride: block.stride, groups: block.expanded,
            activation: activation, eps: eps, momentum: momentum)
        if block.gated {
            body.append(
                Make.squeezeExcitation(
                    names.next(), channels: block.expanded, squeeze: Make.divisible(Double(block.expanded / 4)),
                    activation: ReLUOp(), scale: HardsigmoidOp()))
        }
        body += Make.convNormActivation(
            names.next(), block.output, kernel: 1, activation: nil, eps: eps, momentum: momentum)
        guard block.stride == 1, block.input == block.output else { return Layer(name, SequenceOp(body)) }
        return Layer(name, ResidualOp(body: body, shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false))
    }
}
