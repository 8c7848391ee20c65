/// torchvision's ResNet with BasicBlocks (resnet18, resnet34).
public enum ResNet {
    /// torchvision's channel counts of the four stages.
    public static let torchvisionWidths = [64, 128, 256, 512]

    static func model(name: String, blocks: [Int], widths: [Int] = torchvisionWidths) -> ZooModel {
        ZooModel(
            name: name, summary: "torchvision \(name): BasicBlocks \(blocks.map(String.init).joined(separator: "-")), BatchNorm (3x224x224)",
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
                        layers.append(Make.basicBlock("layer\(stage + 1).\(index)", outChannels: widths[stage], stride: stride))
                    }
                }
                return layers + [Make.adaptiveAvgPool("avgpool", 1), Make.flatten(), Make.linear("fc", classes)]
            })
    }
}
