/// torchvision's EfficientNet B0–B7 (`efficientnet_b0` …): a SiLU stem, seven stages of MBConv blocks (optional 1x1
/// expansion, depthwise 3x3 or 5x5, squeeze-and-excitation with SiLU and sigmoid, linear 1x1 projection, stochastic
/// depth and a linear addition where shape allows), a 1x1 head convolution to four times the last stage's width; the
/// variants scale widths and depths; torchvision's module names (`features.S.B.block.M`).
enum EfficientNet {
    /// One stage of torchvision's `MBConvConfig` before scaling.
    struct Stage {
        let expansion: Int
        let kernel: Int
        let stride: Int
        let input: Int
        let output: Int
        let blocks: Int
    }

    /// torchvision's B0 stages.
    static let stages: [Stage] = [
        (1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3), (6, 5, 1, 80, 112, 3),
        (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1),
    ].map(Stage.init)

    /// torchvision's stochastic depth probability of the last block (earlier blocks get a share by depth).
    static let stochasticDepth = 0.2

    /// Each variant's width and depth multipliers, classifier dropout, input size (torchvision's crop) and whether its
    /// BatchNorm uses eps 0.001 and momentum 0.01 (B5–B7).
    static let models: [ZooModel] = [
        ("efficientnet_b0", 1.0, 1.0, 0.2, 224, false), ("efficientnet_b1", 1.0, 1.1, 0.2, 240, false),
        ("efficientnet_b2", 1.1, 1.2, 0.3, 288, false), ("efficientnet_b3", 1.2, 1.4, 0.3, 300, false),
        ("efficientnet_b4", 1.4, 1.8, 0.4, 380, false), ("efficientnet_b5", 1.6, 2.2, 0.4, 456, true),
        ("efficientnet_b6", 1.8, 2.6, 0.5, 528, true), ("efficientnet_b7", 2.0, 3.1, 0.5, 600, true),
    ].map { model(name: $0.0, width: $0.1, depth: $0.2, dropout: $0.3, size: $0.4, tensorFlowNorm: $0.5) }

    /// One variant.
    static func model(name: String, width: Double, depth: Double, dropout: Double, size: Int, tensorFlowNorm: Bool)
        -> ZooModel
    {
        let (eps, momentum) = tensorFlowNorm ? (0.001, 0.01) : (1e-5, 0.1)
        let channels = { (count: Int) in Make.divisible(Double(count) * width) }
        let depths = stages.map { Int((Double($0.blocks) * depth).rounded(.up)) }
        return ZooModel(
            name: name,
            summary:
                "torchvision \(name): \(depths.reduce(0, +)) MBConv blocks, squeeze-and-excitation, SiLU (3x\(size)x\(size))",
            defaultInput: .image(3, size, size), defaultClasses: 1000, classifier: "classifier.1",
            build: { classes in
                var layers = Make.convNormActivation(
                    "features.0", channels(stages[0].input), kernel: 3, stride: 2, activation: SiLUOp(), eps: eps,
                    momentum: momentum)
                let total = depths.reduce(0, +)
                var done = 0
                for (index, stage) in stages.enumerated() {
                    for block in 0..<depths[index] {
                        let input = channels(block == 0 ? stage.input : stage.output)
                        layers.append(
                            mbConv(
                                "features.\(index + 1).\(block)", input: input, output: channels(stage.output),
                                expansion: stage.expansion, kernel: stage.kernel, stride: block == 0 ? stage.stride : 1,
                                dropImages: stochasticDepth * Double(done) / Double(total), eps: eps, momentum: momentum
                            ))
                        done += 1
                    }
                }
                let last = 4 * channels(stages[stages.count - 1].output)
                layers += Make.convNormActivation(
                    "features.\(stages.count + 1)", last, kernel: 1, activation: SiLUOp(), eps: eps, momentum: momentum)
                return layers + [
                    Make.adaptiveAvgPool("avgpool", 1), Make.flatten(), Make.dropout("classifier.0", dropout),
                    Make.linear("classifier.1", classes),
                ]
            })
    }

    /// torchvision's `MBConv` named `name`, its layers `name.block.M`, then `name.stochastic_depth` where it adds its
    /// input.
    static func mbConv(
        _ name: String, input: Int, output: Int, expansion: Int, kernel: Int, stride: Int, dropImages: Double,
        eps: Double, momentum: Double
    ) -> Layer {
        let expanded = Make.divisible(Double(input * expansion))
        var body: [Layer] = []
        var names = SequentialNames("\(name).block")
        if expanded != input {
            body += Make.convNormActivation(
                names.next(), expanded, kernel: 1, activation: SiLUOp(), eps: eps, momentum: momentum)
        }
        body += Make.convNormActivation(
            names.next(), expanded, kernel: kernel, stride: stride, groups: expanded, activation: SiLUOp(), eps: eps,
            momentum: momentum)
        body.append(
            Make.squeezeExcitation(
                names.next(), channels: expanded, squeeze: max(1, input / 4), activation: SiLUOp(), scale: SigmoidOp()))
        body += Make.convNormActivation(names.next(), output, kernel: 1, activation: nil, eps: eps, momentum: momentum)
        return block(name, body: body, addsInput: stride == 1 && input == output, dropImages: dropImages)
    }

    /// Block `name` of `body`: where it `addsInput`, a residual block whose body ends in `name.stochastic_depth`
    /// dropping images with probability `dropImages`, else a sequence.
    static func block(_ name: String, body: [Layer], addsInput: Bool, dropImages: Double) -> Layer {
        guard addsInput else { return Layer(name, SequenceOp(body)) }
        return Layer(
            name,
            ResidualOp(
                body: body + [Layer("\(name).stochastic_depth", StochasticDepthOp(p: dropImages))], shortcut: [],
                projectsWhenShapeChanges: false, reluAfterAdd: false))
    }
}
