/// torchvision's DenseNet (`densenet121`, `densenet161`, `densenet169`, `densenet201`): a 7x7 stem with max pooling,
/// four dense blocks whose every layer (BatchNorm, ReLU, 1x1 convolution to four times the growth rate, BatchNorm,
/// ReLU, 3x3 convolution to the growth rate) adds its channels to what it reads, transitions (BatchNorm, ReLU, 1x1
/// convolution halving the channels, 2x2 average pooling) between them, BatchNorm and ReLU, global average pooling
/// and a classifier; torchvision's module names (`features.denseblock2.denselayer3.conv1`).
enum DenseNet {
    /// Each variant's growth rate, layers per block and stem width.
    static let models: [ZooModel] = [
        ("densenet121", 32, [6, 12, 24, 16], 64), ("densenet161", 48, [6, 12, 36, 24], 96),
        ("densenet169", 32, [6, 12, 32, 32], 64), ("densenet201", 32, [6, 12, 48, 32], 64),
    ].map { model(name: $0.0, growth: $0.1, blocks: $0.2, stem: $0.3) }

    /// One variant.
    static func model(name: String, growth: Int, blocks: [Int], stem: Int) -> ZooModel {
        ZooModel(
            name: name,
            summary: "torchvision \(name): \(blocks.reduce(0, +)) dense layers, growth \(growth) (3x224x224)",
            defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "classifier",
            build: { classes in
                var layers = [
                    Make.conv("features.conv0", stem, kernel: 7, stride: 2, padding: 3, bias: false),
                    Make.batchNorm("features.norm0"), Make.relu("features.relu0"),
                    Make.maxPool("features.pool0", kernel: 3, stride: 2, padding: 1),
                ]
                var channels = stem
                for (index, count) in blocks.enumerated() {
                    let block = "features.denseblock\(index + 1)"
                    layers += (1...count).map { denseLayer("\(block).denselayer\($0)", growth: growth) }
                    channels += count * growth
                    guard index < blocks.count - 1 else { continue }
                    channels /= 2
                    layers.append(transition("features.transition\(index + 1)", channels: channels))
                }
                return layers + [
                    Make.batchNorm("features.norm5"), Make.relu("relu"), Make.adaptiveAvgPool("avgpool", 1),
                    Make.flatten(), Make.linear("classifier", classes),
                ]
            })
    }

    /// torchvision's `_DenseLayer` named `name`: its input and, after it, the growth-rate channels it computes.
    static func denseLayer(_ name: String, growth: Int) -> Layer {
        Layer(
            name,
            ConcatOp(branches: [
                [],
                [
                    Make.batchNorm("\(name).norm1"), Make.relu("\(name).relu1"),
                    Make.conv("\(name).conv1", 4 * growth, kernel: 1, bias: false),
                    Make.batchNorm("\(name).norm2"), Make.relu("\(name).relu2"),
                    Make.conv("\(name).conv2", growth, kernel: 3, padding: 1, bias: false),
                ],
            ]))
    }

    /// torchvision's `_Transition` named `name`, down to `channels` channels and half the size.
    static func transition(_ name: String, channels: Int) -> Layer {
        Layer(
            name,
            SequenceOp([
                Make.batchNorm("\(name).norm"), Make.relu("\(name).relu"),
                Make.conv("\(name).conv", channels, kernel: 1, bias: false),
                Layer("\(name).pool", AvgPool2dOp(PoolWindow(kernel: (2, 2), stride: (2, 2)))),
            ]))
    }
}
