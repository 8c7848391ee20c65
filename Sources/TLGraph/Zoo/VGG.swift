/// torchvision's VGG without BatchNorm (vgg11, vgg16).
enum VGG {
    /// Channel counts, with 0 for a 2x2 max-pool.
    static let configA = [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0]
    static let configD = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]

    static func model(name: String, config: [Int]) -> ZooModel {
        ZooModel(
            name: name,
            summary:
                "torchvision \(name): \(config.filter { $0 > 0 }.count) conv + 3 fully connected layers (3x224x224)",
            defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "classifier.6",
            build: { classes in
                var features: [Layer] = []
                for out in config {
                    let index = features.count
                    if out == 0 {
                        features.append(Make.maxPool("features.\(index)", kernel: 2, stride: 2))
                    } else {
                        features.append(Make.conv("features.\(index)", out, kernel: 3, padding: 1))
                        features.append(Make.relu("features.\(index + 1)"))
                    }
                }
                return features + [
                    Make.adaptiveAvgPool("avgpool", 7), Make.flatten(),
                    Make.linear("classifier.0", 4096), Make.relu("classifier.1"), Make.dropout("classifier.2"),
                    Make.linear("classifier.3", 4096), Make.relu("classifier.4"), Make.dropout("classifier.5"),
                    Make.linear("classifier.6", classes),
                ]
            })
    }
}
