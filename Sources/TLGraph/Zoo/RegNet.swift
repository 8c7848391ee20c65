/// torchvision's RegNet X and Y (`regnet_x_400mf` … `regnet_y_32gf`): a 3x3 stem, four stages of residual bottleneck
/// blocks (1x1, grouped 3x3 carrying the stage's stride, for Y a squeeze-and-excitation gate, 1x1; a projection on the
/// shortcut where width or stride change; ReLU after the addition), with torchvision's module names
/// (`trunk_output.block2.block2-0.f.b.0`, `proj.0`).
enum RegNet {
    /// One stage: how many blocks, their width, and the width of each group of the grouped convolution.
    struct Stage {
        let blocks: Int
        let width: Int
        let groupWidth: Int
    }

    /// Each variant's stages, as torchvision's `BlockParams.from_init_params` computes them from its width and depth
    /// parameters (with widths and groups made compatible), and whether it has squeeze-and-excitation (Y).
    static let variants: [(name: String, stages: [Stage], gated: Bool)] = [
        ("regnet_y_400mf", [(1, 48, 8), (3, 104, 8), (6, 208, 8), (6, 440, 8)], true),
        ("regnet_y_800mf", [(1, 64, 16), (3, 144, 16), (8, 320, 16), (2, 784, 16)], true),
        ("regnet_y_1_6gf", [(2, 48, 24), (6, 120, 24), (17, 336, 24), (2, 888, 24)], true),
        ("regnet_y_3_2gf", [(2, 72, 24), (5, 216, 24), (13, 576, 24), (1, 1512, 24)], true),
        ("regnet_y_8gf", [(2, 224, 56), (4, 448, 56), (10, 896, 56), (1, 2016, 56)], true),
        ("regnet_y_16gf", [(2, 224, 112), (4, 448, 112), (11, 1232, 112), (1, 3024, 112)], true),
        ("regnet_y_32gf", [(2, 232, 232), (5, 696, 232), (12, 1392, 232), (1, 3712, 232)], true),
        ("regnet_x_400mf", [(1, 32, 16), (2, 64, 16), (7, 160, 16), (12, 400, 16)], false),
        ("regnet_x_800mf", [(1, 64, 16), (3, 128, 16), (7, 288, 16), (5, 672, 16)], false),
        ("regnet_x_1_6gf", [(2, 72, 24), (4, 168, 24), (10, 408, 24), (2, 912, 24)], false),
        ("regnet_x_3_2gf", [(2, 96, 48), (6, 192, 48), (15, 432, 48), (2, 1008, 48)], false),
        ("regnet_x_8gf", [(2, 80, 80), (5, 240, 120), (15, 720, 120), (1, 1920, 120)], false),
        ("regnet_x_16gf", [(2, 256, 128), (6, 512, 128), (13, 896, 128), (1, 2048, 128)], false),
        ("regnet_x_32gf", [(2, 336, 168), (7, 672, 168), (13, 1344, 168), (1, 2520, 168)], false),
    ].map { ($0.0, $0.1.map(Stage.init), $0.2) }

    static let models = variants.map { model(name: $0.name, stages: $0.stages, gated: $0.gated) }

    /// The stem's width.
    static let stemWidth = 32

    /// One variant.
    static func model(name: String, stages: [Stage], gated: Bool) -> ZooModel {
        ZooModel(
            name: name,
            summary:
                "torchvision \(name): \(stages.map(\.blocks).reduce(0, +)) residual bottleneck blocks\(gated ? ", squeeze-and-excitation" : "") (3x224x224)",
            defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "fc",
            build: { classes in
                var layers = Make.convNormActivation("stem", stemWidth, kernel: 3, stride: 2, activation: ReLUOp())
                var width = stemWidth
                for (index, stage) in stages.enumerated() {
                    let stageName = "trunk_output.block\(index + 1)"
                    for block in 0..<stage.blocks {
                        layers.append(
                            bottleneck(
                                "\(stageName).block\(index + 1)-\(block)", input: width, output: stage.width,
                                stride: block == 0 ? 2 : 1, groupWidth: stage.groupWidth, gated: gated))
                        width = stage.width
                    }
                }
                return layers + [Make.adaptiveAvgPool("avgpool", 1), Make.flatten(), Make.linear("fc", classes)]
            })
    }

    /// torchvision's `ResBottleneckBlock` named `name` (bottleneck multiplier 1, squeeze ratio 1/4 of the input width).
    static func bottleneck(_ name: String, input: Int, output: Int, stride: Int, groupWidth: Int, gated: Bool) -> Layer
    {
        var body = Make.convNormActivation("\(name).f.a", output, kernel: 1, activation: ReLUOp())
        body += Make.convNormActivation(
            "\(name).f.b", output, kernel: 3, stride: stride, groups: output / groupWidth, activation: ReLUOp())
        if gated {
            body.append(
                Make.squeezeExcitation(
                    "\(name).f.se", channels: output, squeeze: input / 4, activation: ReLUOp(), scale: SigmoidOp()))
        }
        body += Make.convNormActivation("\(name).f.c", output, kernel: 1, activation: nil)
        let projects = input != output || stride != 1
        let shortcut =
            projects ? Make.convNormActivation("\(name).proj", output, kernel: 1, stride: stride, activation: nil) : []
        return Layer(
            name, ResidualOp(body: body, shortcut: shortcut, projectsWhenShapeChanges: false, shortcutListedFirst: true)
        )
    }
}
