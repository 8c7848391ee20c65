/// torchvision's ResNet family: BasicBlock networks (resnet18, resnet34) and Bottleneck networks (resnet50/101/152,
/// ResNeXt, Wide ResNet), with torchvision's module names.
public enum ResNet {
    /// torchvision's channel counts of the four stages.
    public static let torchvisionWidths = [64, 128, 256, 512]

    /// The block a network's stages repeat.
    enum Block {
        /// Two 3x3 convolutions.
        case basic
        /// 1x1, 3x3 (`groups` groups of `widthPerGroup` channels per 64 of the stage's width), 1x1 to four times the
        /// stage's width.
        case bottleneck(groups: Int, widthPerGroup: Int)
    }

    /// A network of `block`s, `blocks` per stage, of `widths` channels per stage (the stem has the first stage's width).
    static func model(name: String, block: Block = .basic, blocks: [Int], widths: [Int] = torchvisionWidths) -> ZooModel
    {
        ZooModel(
            name: name,
            summary:
                "torchvision \(name): \(description(block)) \(blocks.map(String.init).joined(separator: "-")), BatchNorm (3x224x224)",
            defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "fc",
            build: { classes in
                var layers = [
                    Make.conv("conv1", widths[0], kernel: 7, stride: 2, padding: 3, bias: false),
                    Make.batchNorm("bn1"), Make.relu("relu"),
                    Make.maxPool("maxpool", kernel: 3, stride: 2, padding: 1),
                ]
                for (stage, count) in blocks.enumerated() {
                    for index in 0..<count {
                        let stride = stage > 0 && index == 0 ? 2 : 1
                        layers.append(
                            Self.block(block, "layer\(stage + 1).\(index)", width: widths[stage], stride: stride))
                    }
                }
                return layers + [Make.adaptiveAvgPool("avgpool", 1), Make.flatten(), Make.linear("fc", classes)]
            })
    }

    /// One block of a stage of `width` channels.
    private static func block(_ block: Block, _ name: String, width: Int, stride: Int) -> Layer {
        switch block {
        case .basic:
            return Make.basicBlock(name, outChannels: width, stride: stride)
        case .bottleneck(let groups, let widthPerGroup):
            return Make.bottleneck(
                name, width: width * widthPerGroup / 64 * groups, outChannels: width * 4, stride: stride,
                groups: groups)
        }
    }

    /// How `tlrun zoo` describes a block.
    private static func description(_ block: Block) -> String {
        switch block {
        case .basic: return "BasicBlocks"
        case .bottleneck(1, 64): return "Bottlenecks"
        case .bottleneck(1, let widthPerGroup): return "Bottlenecks \(widthPerGroup / 64)x wide"
        case .bottleneck(let groups, let widthPerGroup): return "Bottlenecks of \(groups) groups of \(widthPerGroup)"
        }
    }

    /// torchvision's BasicBlock and Bottleneck networks, as `ModelZoo` lists them.
    static let torchvisionModels: [ZooModel] = [
        model(name: "resnet18", blocks: [2, 2, 2, 2]),
        model(name: "resnet34", blocks: [3, 4, 6, 3]),
        model(name: "resnet50", block: .bottleneck(groups: 1, widthPerGroup: 64), blocks: [3, 4, 6, 3]),
        model(name: "resnet101", block: .bottleneck(groups: 1, widthPerGroup: 64), blocks: [3, 4, 23, 3]),
        model(name: "resnet152", block: .bottleneck(groups: 1, widthPerGroup: 64), blocks: [3, 8, 36, 3]),
        model(name: "resnext50_32x4d", block: .bottleneck(groups: 32, widthPerGroup: 4), blocks: [3, 4, 6, 3]),
        model(name: "resnext101_32x8d", block: .bottleneck(groups: 32, widthPerGroup: 8), blocks: [3, 4, 23, 3]),
        model(name: "resnext101_64x4d", block: .bottleneck(groups: 64, widthPerGroup: 4), blocks: [3, 4, 23, 3]),
        model(name: "wide_resnet50_2", block: .bottleneck(groups: 1, widthPerGroup: 128), blocks: [3, 4, 6, 3]),
        model(name: "wide_resnet101_2", block: .bottleneck(groups: 1, widthPerGroup: 128), blocks: [3, 4, 23, 3]),
    ]
}
