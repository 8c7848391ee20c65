/// torchvision's EfficientNet V2 (`efficientnet_v2_s`, `efficientnet_v2_m`, `efficientnet_v2_l`): a SiLU stem, stages
/// of fused MBConv blocks (one full convolution expanding and striding, a 1x1 projection) and then of MBConv blocks
/// (as EfficientNet's), stochastic depth and a linear addition where shape allows, a 1x1 head convolution to 1280
/// channels; BatchNorm eps 0.001; torchvision's module names (`features.S.B.block.M`).
enum EfficientNetV2 {
    /// One stage of torchvision's configuration: of fused MBConv blocks or not, and EfficientNet's stage settings.
    typealias Stage = (fused: Bool, settings: EfficientNet.Stage)

    /// BatchNorm's eps in every V2 variant.
    static let eps = 1e-3

    /// Each variant's stages, classifier dropout and input size (torchvision's crop).
    static let models: [ZooModel] = [
        (
            "efficientnet_v2_s",
            [
                (true, 1, 3, 1, 24, 24, 2), (true, 4, 3, 2, 24, 48, 4), (true, 4, 3, 2, 48, 64, 4),
                (false, 4, 3, 2, 64, 128, 6), (false, 6, 3, 1, 128, 160, 9), (false, 6, 3, 2, 160, 256, 15),
            ], 0.2, 384
        ),
        (
            "efficientnet_v2_m",
            [
                (true, 1, 3, 1, 24, 24, 3), (true, 4, 3, 2, 24, 48, 5), (true, 4, 3, 2, 48, 80, 5),
                (false, 4, 3, 2, 80, 160, 7), (false, 6, 3, 1, 160, 176, 14), (false, 6, 3, 2, 176, 304, 18),
                (false, 6, 3, 1, 304, 512, 5),
            ], 0.3, 480
        ),
        (
            "efficientnet_v2_l",
            [
                (true, 1, 3, 1, 32, 32, 4), (true, 4, 3, 2, 32, 64, 7), (true, 4, 3, 2, 64, 96, 7),
                (false, 4, 3, 2, 96, 192, 10), (false, 6, 3, 1, 192, 224, 19), (false, 6, 3, 2, 224, 384, 25),
                (false, 6, 3, 1, 384, 640, 7),
            ], 0.4, 480
        ),
    ].map { variant in
        model(
            name: variant.0,
            stages: variant.1.map {
                (
                    $0.0,
                    EfficientNet.Stage(
                        expansion: $0.1, kernel: $0.2, stride: $0.3, input: $0.4, output: $0.5, blocks: $0.6)
                )
            },
            dropout: variant.2, size: variant.3)
    }

    /// One variant.
    static func model(name: String, stages: [Stage], dropout: Double, size: Int) -> ZooModel {
        let total = stages.map(\.settings.blocks).reduce(0, +)
        return ZooModel(
            name: name,
            summary: "torchvision \(name): \(total) fused and plain MBConv blocks, SiLU (3x\(size)x\(size))",
            defaultInput: .image(3, size, size), defaultClasses: 1000, classifier: "classifier.1",
            build: { classes in
                var layers = Make.convNormActivation(
                    "features.0", stages[0].settings.input, kernel: 3, stride: 2, activation: SiLUOp(), eps: eps)
                var done = 0
                for (index, (fused, stage)) in stages.enumerated() {
                    for block in 0..<stage.blocks {
                        let name = "features.\(index + 1).\(block)", input = block == 0 ? stage.input : stage.output
                        let stride = block == 0 ? stage.stride : 1
                        let dropImages = EfficientNet.stochasticDepth * Double(done) / Double(total)
                        layers.append(
                            fused
                                ? fusedMBConv(
                                    name, input: input, output: stage.output, expansion: stage.expansion,
                                    kernel: stage.kernel, stride: stride, dropImages: dropImages)
                                : EfficientNet.mbConv(
                                    name, input: input, output: stage.output, expansion: stage.expansion,
                                    kernel: stage.kernel, stride: stride, dropImages: dropImages, eps: eps,
                                    momentum: 0.1))
                        done += 1
                    }
                }
                layers += Make.convNormActivation(
                    "features.\(stages.count + 1)", 1280, kernel: 1, activation: SiLUOp(), eps: eps)
                return layers + [
                    Make.adaptiveAvgPool("avgpool", 1), Make.flatten(), Make.dropout("classifier.0", dropout),
                    Make.linear("classifier.1", classes),
                ]
            })
    }

    /// torchvision's `FusedMBConv` named `name`: `name.block.0` the expanding (and striding) convolution with SiLU,
    /// `name.block.1` the 1x1 projection (or one convolution with SiLU when nothing expands), then stochastic depth
    /// where it adds its input.
    static func fusedMBConv(
        _ name: String, input: Int, output: Int, expansion: Int, kernel: Int, stride: Int, dropImages: Double
    ) -> Layer {
        let expanded = Make.divisible(Double(input * expansion))
        let body =
            expanded == input
            ? Make.convNormActivation(
                "\(name).block.0", output, kernel: kernel, stride: stride, activation: SiLUOp(), eps: eps)
            : Make.convNormActivation(
                "\(name).block.0", expanded, kernel: kernel, stride: stride, activation: SiLUOp(), eps: eps)
                + Make.convNormActivation("\(name).block.1", output, kernel: 1, activation: nil, eps: eps)
        return EfficientNet.block(name, body: body, addsInput: stride == 1 && input == output, dropImages: dropImages)
    }
}
