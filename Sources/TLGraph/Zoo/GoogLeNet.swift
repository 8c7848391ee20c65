/// torchvision's GoogLeNet (`googlenet`): its input transform (ImageNet normalisation to torchvision's pre-trained
/// weights' own), a stem of convolutions and ceil-mode max poolings, nine inception blocks (1x1, 1x1-3x3, 1x1-3x3 and
/// pool-1x1 branches joined along the channels; every convolution with BatchNorm and ReLU), global average pooling,
/// dropout and a classifier; the auxiliary classifiers `aux1` and `aux2` are kept where torchvision lists them and
/// never run. torchvision's module names (`inception4c.branch2.1.conv`).
enum GoogLeNet {
    /// Each inception block's name and widths: 1x1; 3x3 reduction, 3x3; second reduction, second 3x3; pool projection.
    static let blocks: [(String, [Int])] = [
        ("inception3a", [64, 96, 128, 16, 32, 32]), ("inception3b", [128, 128, 192, 32, 96, 64]),
        ("inception4a", [192, 96, 208, 16, 48, 64]), ("inception4b", [160, 112, 224, 24, 64, 64]),
        ("inception4c", [128, 128, 256, 24, 64, 64]), ("inception4d", [112, 144, 288, 32, 64, 64]),
        ("inception4e", [256, 160, 320, 32, 128, 128]), ("inception5a", [256, 160, 320, 32, 128, 128]),
        ("inception5b", [384, 192, 384, 48, 128, 128]),
    ]

    static let model = ZooModel(
        name: "googlenet",
        summary:
            "torchvision googlenet: 9 inception blocks, BatchNorm, input transform; aux classifiers not run (3x224x224)",
        defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "fc",
        build: { classes in
            var layers = [
                Layer("transform_input", ChannelAffineOp.imageNetToHalf),
                Make.basicConv("conv1", 64, kernel: 7, stride: 2, padding: 3), pool("maxpool1"),
                Make.basicConv("conv2", 64, kernel: 1), Make.basicConv("conv3", 192, kernel: 3, padding: 1),
                pool("maxpool2"),
            ]
            for (name, widths) in blocks {
                layers.append(inception(name, widths))
                if name == "inception3b" { layers.append(pool("maxpool3")) }
                if name == "inception4e" { layers.append(Make.maxPool("maxpool4", kernel: 2, stride: 2, ceil: true)) }
            }
            return layers + [
                Make.adaptiveAvgPool("avgpool", 1), Make.flatten(), Make.dropout("dropout", 0.2),
                auxiliary("aux1", channels: 512, classes: classes),  // reads inception4a
                auxiliary("aux2", channels: 528, classes: classes),  // reads inception4d
                Make.linear("fc", classes),
            ]
        })

    /// A 3x3, stride 2, ceil-mode max pooling.
    static func pool(_ name: String) -> Layer { Make.maxPool(name, kernel: 3, stride: 2, ceil: true) }

    /// torchvision's `Inception` named `name` with `widths` (see `blocks`); the second branch's 3x3 is torchvision's
    /// (where the paper has 5x5).
    static func inception(_ name: String, _ widths: [Int]) -> Layer {
        Layer(
            name,
            ConcatOp(branches: [
                [Make.basicConv("\(name).branch1", widths[0], kernel: 1)],
                [
                    Make.basicConv("\(name).branch2.0", widths[1], kernel: 1),
                    Make.basicConv("\(name).branch2.1", widths[2], kernel: 3, padding: 1),
                ],
                [
                    Make.basicConv("\(name).branch3.0", widths[3], kernel: 1),
                    Make.basicConv("\(name).branch3.1", widths[4], kernel: 3, padding: 1),
                ],
                [
                    Make.maxPool("\(name).branch4.0", kernel: 3, stride: 1, padding: 1, ceil: true),
                    Make.basicConv("\(name).branch4.1", widths[5], kernel: 1),
                ],
            ]))
    }

    /// torchvision's `InceptionAux` named `name`, reading a block's output (`channels`×14×14 at 224x224): 4x4 average pooling, a
    /// 1x1 convolution to 128 channels, `fc1` to 1024 with ReLU, dropout, `fc2` to the classes.
    static func auxiliary(_ name: String, channels: Int, classes: Int) -> Layer {
        Layer(
            name,
            AuxiliaryClassifierOp(
                tapShape: .image(channels, 14, 14),
                layers: [
                    Make.adaptiveAvgPool("\(name).avgpool", 4), Make.basicConv("\(name).conv", 128, kernel: 1),
                    Make.flatten("\(name).flatten"), Make.linear("\(name).fc1", 1024), Make.relu("\(name).relu"),
                    Make.dropout("\(name).dropout", 0.7), Make.linear("\(name).fc2", classes),
                ]))
    }
}
