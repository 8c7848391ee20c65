/// torchvision's MNASNet (`mnasnet0_5`, `mnasnet0_75`, `mnasnet1_0`, `mnasnet1_3`, the B1 variant): a stem of
/// convolution, depthwise and pointwise convolution, six stacks of inverted residual blocks (ReLU, a linear addition
/// where shape allows), a 1x1 convolution to 1280 channels, the mean over height and width, and a classifier; widths
/// scaled by `alpha`; BatchNorm momentum 0.0003; torchvision's module names (`layers.8.0.layers.3`).
enum MNASNet {
    /// Each stack's kernel, first stride, expansion and blocks (torchvision's `_stack` calls).
    static let stacks: [(kernel: Int, stride: Int, expansion: Int, blocks: Int)] = [
        (3, 2, 3, 3), (5, 2, 3, 3), (5, 2, 6, 3), (3, 1, 6, 2), (5, 2, 6, 4), (3, 1, 6, 1),
    ]

    /// torchvision's BatchNorm momentum for MNASNet (1 - 0.9997).
    static let momentum = 1 - 0.9997

    static let models = [("mnasnet0_5", 0.5), ("mnasnet0_75", 0.75), ("mnasnet1_0", 1.0), ("mnasnet1_3", 1.3)].map {
        model(name: $0.0, alpha: $0.1)
    }

    /// The variant whose widths are `alpha` times MNASNet's.
    static func model(name: String, alpha: Double) -> ZooModel {
        let depths = [32, 16, 24, 40, 80, 96, 192, 320].map { Make.divisible(Double($0) * alpha) }
        return ZooModel(
            name: name,
            summary:
                "torchvision \(name): \(stacks.map(\.blocks).reduce(0, +)) inverted residual blocks, ReLU (3x224x224)",
            defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "classifier.1",
            build: { classes in
                var layers = [
                    Make.conv("layers.0", depths[0], kernel: 3, stride: 2, padding: 1, bias: false),
                    Make.batchNorm("layers.1", momentum: momentum), Make.relu("layers.2"),
                    Make.conv("layers.3", depths[0], kernel: 3, padding: 1, groups: depths[0], bias: false),
                    Make.batchNorm("layers.4", momentum: momentum), Make.relu("layers.5"),
                    Make.conv("layers.6", depths[1], kernel: 1, bias: false),
                    Make.batchNorm("layers.7", momentum: momentum),
                ]
                for (index, stack) in stacks.enumerated() {
                    for block in 0..<stack.blocks {
                        layers.append(
                            invertedResidual(
                                "layers.\(index + 8).\(block)", input: depths[block == 0 ? index + 1 : index + 2],
                                output: depths[index + 2], kernel: stack.kernel,
                                stride: block == 0 ? stack.stride : 1, expansion: stack.expansion))
                    }
                }
                return layers + [
                    Make.conv("layers.14", 1280, kernel: 1, bias: false),
                    Make.batchNorm("layers.15", momentum: momentum),
                    Make.relu("layers.16"), Layer("mean", GlobalAvgPoolOp()), Make.dropout("classifier.0", 0.2),
                    Make.linear("classifier.1", classes),
                ]
            })
    }

    /// torchvision's MNASNet `_InvertedResidual` named `name`, its layers `name.layers.0` … `name.layers.7`.
    static func invertedResidual(_ name: String, input: Int, output: Int, kernel: Int, stride: Int, expansion: Int)
        -> Layer
    {
        let hidden = input * expansion
        let body = [
            Make.conv("\(name).layers.0", hidden, kernel: 1, bias: false),
            Make.batchNorm("\(name).layers.1", momentum: momentum), Make.relu("\(name).layers.2"),
            Make.conv(
                "\(name).layers.3", hidden, kernel: kernel, stride: stride, padding: kernel / 2, groups: hidden,
                bias: false),
            Make.batchNorm("\(name).layers.4", momentum: momentum), Make.relu("\(name).layers.5"),
            Make.conv("\(name).layers.6", output, kernel: 1, bias: false),
            Make.batchNorm("\(name).layers.7", momentum: momentum),
        ]
        guard stride == 1, input == output else { return Layer(name, SequenceOp(body)) }
        return Layer(name, ResidualOp(body: body, shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false))
    }
}
