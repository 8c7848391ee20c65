/// torchvision's AlexNet.
enum AlexNet {
    static let model = ZooModel(
        name: "alexnet", summary: "torchvision alexnet: 5 conv + 3 fully connected layers (3x224x224)",
        defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "classifier.6",
        build: { classes in
            [
                Make.conv("features.0", 64, kernel: 11, stride: 4, padding: 2), Make.relu("features.1"),
                Make.maxPool("features.2", kernel: 3, stride: 2),
                Make.conv("features.3", 192, kernel: 5, padding: 2), Make.relu("features.4"),
                Make.maxPool("features.5", kernel: 3, stride: 2),
                Make.conv("features.6", 384, kernel: 3, padding: 1), Make.relu("features.7"),
                Make.conv("features.8", 256, kernel: 3, padding: 1), Make.relu("features.9"),
                Make.conv("features.10", 256, kernel: 3, padding: 1), Make.relu("features.11"),
                Make.maxPool("features.12", kernel: 3, stride: 2),
                Make.adaptiveAvgPool("avgpool", 6), Make.flatten(),
                Make.dropout("classifier.0"), Make.linear("classifier.1", 4096), Make.relu("classifier.2"),
                Make.dropout("classifier.3"), Make.linear("classifier.4", 4096), Make.relu("classifier.5"),
                Make.linear("classifier.6", classes),
            ]
        })
}
