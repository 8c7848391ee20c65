/// torchvision's Inception v3 (`inception_v3`, 3x299x299): its input transform (ImageNet normalisation to its
/// pre-trained weights' own), a stem of convolutions and max poolings, the Mixed blocks (A: 5b–5d, B: 6a, C with
/// factorised 7x7 convolutions: 6b–6e, D: 7a, E with branches that split again into 1x3 and 3x1: 7b, 7c; every
/// convolution with BatchNorm and ReLU), global average pooling, dropout and a classifier; the auxiliary classifier
/// `AuxLogits` is kept where torchvision lists it (after `Mixed_6e`) and never run. torchvision's module names
/// (`Mixed_6b.branch7x7dbl_3.conv`).
enum InceptionV3 {
    static let model = ZooModel(
        name: "inception_v3",
        summary:
            "torchvision inception_v3: 11 Mixed blocks, BatchNorm, input transform; aux classifier not run (3x299x299)",
        defaultInput: .image(3, 299, 299), defaultClasses: 1000, classifier: "fc",
        build: { classes in
            [
                Layer("transform_input", ChannelAffineOp.imageNetToHalf),
                Make.basicConv("Conv2d_1a_3x3", 32, kernel: 3, stride: 2),
                Make.basicConv("Conv2d_2a_3x3", 32, kernel: 3),
                Make.basicConv("Conv2d_2b_3x3", 64, kernel: 3, padding: 1),
                Make.maxPool("maxpool1", kernel: 3, stride: 2), Make.basicConv("Conv2d_3b_1x1", 80, kernel: 1),
                Make.basicConv("Conv2d_4a_3x3", 192, kernel: 3), Make.maxPool("maxpool2", kernel: 3, stride: 2),
                blockA("Mixed_5b", poolFeatures: 32), blockA("Mixed_5c", poolFeatures: 64),
                blockA("Mixed_5d", poolFeatures: 64), blockB("Mixed_6a"), blockC("Mixed_6b", width: 128),
                blockC("Mixed_6c", width: 160), blockC("Mixed_6d", width: 160), blockC("Mixed_6e", width: 192),
                auxiliary(classes: classes), blockD("Mixed_7a"), blockE("Mixed_7b"), blockE("Mixed_7c"),
                Make.adaptiveAvgPool("avgpool", 1), Make.dropout("dropout", 0.5), Make.flatten(),
                Make.linear("fc", classes),
            ]
        })

    /// A branch of `BasicConv2d`s named `name.part`, each (part, out channels, kernel, padding) at stride 1.
    static func convolutions(_ name: String, _ parts: [(String, Int, (Int, Int), (Int, Int))]) -> [Layer] {
        parts.map { Make.basicConv("\(name).\($0.0)", $0.1, kernel: $0.2, padding: $0.3) }
    }

    /// The 3x3, stride 1, padded average pooling the pool branches start with (torchvision calls it as a function).
    static func poolBranch(_ name: String, features: Int) -> [Layer] {
        [
            Make.avgPool("\(name).avg_pool", kernel: 3, stride: 1, padding: 1),
            Make.basicConv("\(name).branch_pool", features, kernel: 1),
        ]
    }

    /// torchvision's `InceptionA`: 1x1; 1x1-5x5; 1x1-3x3-3x3; pool-1x1 to `poolFeatures`.
    static func blockA(_ name: String, poolFeatures: Int) -> Layer {
        Layer(
            name,
            ConcatOp(branches: [
                convolutions(name, [("branch1x1", 64, (1, 1), (0, 0))]),
                convolutions(name, [("branch5x5_1", 48, (1, 1), (0, 0)), ("branch5x5_2", 64, (5, 5), (2, 2))]),
                convolutions(
                    name,
                    [
                        ("branch3x3dbl_1", 64, (1, 1), (0, 0)), ("branch3x3dbl_2", 96, (3, 3), (1, 1)),
                        ("branch3x3dbl_3", 96, (3, 3), (1, 1)),
                    ]),
                poolBranch(name, features: poolFeatures),
            ]))
    }

    /// torchvision's `InceptionB` (to half the size): 3x3 stride 2; 1x1-3x3-3x3 stride 2; 3x3 stride 2 max pooling.
    static func blockB(_ name: String) -> Layer {
        Layer(
            name,
            ConcatOp(branches: [
                [Make.basicConv("\(name).branch3x3", 384, kernel: 3, stride: 2)],
                convolutions(
                    name, [("branch3x3dbl_1", 64, (1, 1), (0, 0)), ("branch3x3dbl_2", 96, (3, 3), (1, 1))])
                    + [Make.basicConv("\(name).branch3x3dbl_3", 96, kernel: 3, stride: 2)],
                [Make.maxPool("\(name).max_pool", kernel: 3, stride: 2)],
            ]))
    }

    /// torchvision's `InceptionC` with `width` channels inside its factorised 7x7 branches.
    static func blockC(_ name: String, width: Int) -> Layer {
        let (row, column) = (((1, 7), (0, 3)), ((7, 1), (3, 0)))
        return Layer(
            name,
            ConcatOp(branches: [
                convolutions(name, [("branch1x1", 192, (1, 1), (0, 0))]),
                convolutions(
                    name,
                    [
                        ("branch7x7_1", width, (1, 1), (0, 0)), ("branch7x7_2", width, row.0, row.1),
                        ("branch7x7_3", 192, column.0, column.1),
                    ]),
                convolutions(
                    name,
                    [
                        ("branch7x7dbl_1", width, (1, 1), (0, 0)), ("branch7x7dbl_2", width, column.0, column.1),
                        ("branch7x7dbl_3", width, row.0, row.1), ("branch7x7dbl_4", width, column.0, column.1),
                        ("branch7x7dbl_5", 192, row.0, row.1),
                    ]),
                poolBranch(name, features: 192),
            ]))
    }

    /// torchvision's `InceptionD` (to half the size): 1x1-3x3 stride 2; 1x1-1x7-7x1-3x3 stride 2; max pooling.
    static func blockD(_ name: String) -> Layer {
        Layer(
            name,
            ConcatOp(branches: [
                convolutions(name, [("branch3x3_1", 192, (1, 1), (0, 0))])
                    + [Make.basicConv("\(name).branch3x3_2", 320, kernel: 3, stride: 2)],
                convolutions(
                    name,
                    [
                        ("branch7x7x3_1", 192, (1, 1), (0, 0)), ("branch7x7x3_2", 192, (1, 7), (0, 3)),
                        ("branch7x7x3_3", 192, (7, 1), (3, 0)),
                    ]) + [Make.basicConv("\(name).branch7x7x3_4", 192, kernel: 3, stride: 2)],
                [Make.maxPool("\(name).max_pool", kernel: 3, stride: 2)],
            ]))
    }

    /// torchvision's `InceptionE`: 1x1; 1x1 then 1x3 and 3x1 joined; 1x1-3x3 then 1x3 and 3x1 joined; pool-1x1.
    static func blockE(_ name: String) -> Layer {
        func split(_ branch: String, _ first: String, _ second: String) -> Layer {
            Layer(
                "\(name).\(branch)_cat",
                ConcatOp(branches: [
                    convolutions(name, [(first, 384, (1, 3), (0, 1))]),
                    convolutions(name, [(second, 384, (3, 1), (1, 0))]),
                ]))
        }
        return Layer(
            name,
            ConcatOp(branches: [
                convolutions(name, [("branch1x1", 320, (1, 1), (0, 0))]),
                convolutions(name, [("branch3x3_1", 384, (1, 1), (0, 0))])
                    + [split("branch3x3", "branch3x3_2a", "branch3x3_2b")],
                convolutions(
                    name, [("branch3x3dbl_1", 448, (1, 1), (0, 0)), ("branch3x3dbl_2", 384, (3, 3), (1, 1))])
                    + [split("branch3x3dbl", "branch3x3dbl_3a", "branch3x3dbl_3b")],
                poolBranch(name, features: 192),
            ]))
    }

    /// torchvision's `InceptionAux` (`AuxLogits`, reading `Mixed_6e`: 768×17×17 at 299x299): 5x5 stride 3 average
    /// pooling, 1x1 to 128 channels, 5x5 to 768, global average pooling, `fc` to the classes.
    static func auxiliary(classes: Int) -> Layer {
        Layer(
            "AuxLogits",
            AuxiliaryClassifierOp(
                tapShape: .image(768, 17, 17),
                layers: [
                    Make.avgPool("AuxLogits.avg_pool", kernel: 5, stride: 3),
                    Make.basicConv("AuxLogits.conv0", 128, kernel: 1),
                    Make.basicConv("AuxLogits.conv1", 768, kernel: 5),
                    Make.adaptiveAvgPool("AuxLogits.adaptive_avg_pool", 1), Make.flatten("AuxLogits.flatten"),
                    Make.linear("AuxLogits.fc", classes),
                ]))
    }
}
