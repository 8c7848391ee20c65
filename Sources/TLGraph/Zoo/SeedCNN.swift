/// The demonstration network: three conv layers (each with ReLU and 2x2 max-pool) and three linear layers.
enum SeedCNN {
    static let model = ZooModel(
        name: "seed-cnn", summary: "3 conv + 3 fully connected layers; the demonstration network (1x28x28)",
        defaultInput: .image(1, 28, 28), defaultClasses: 10, classifier: "fc3",
        build: { classes in
            let convs = [("conv1", 32), ("conv2", 64), ("conv3", 128)].flatMap { name, out in
                [
                    Make.conv(name, out, kernel: 3, padding: 1), Make.relu("\(name).relu"),
                    Make.maxPool("\(name).pool", kernel: 2, stride: 2),
                ]
            }
            return convs + [
                Make.flatten(),
                Make.linear("fc1", 256), Make.relu("fc1.relu"), Make.dropout("fc1.dropout"),
                Make.linear("fc2", 128), Make.relu("fc2.relu"),
                Make.linear("fc3", classes),
            ]
        })
}
