/// torchvision's ShuffleNet V2 (`shufflenet_v2_x0_5`, `_x1_0`, `_x1_5`, `_x2_0`): a strided convolution stem and max
/// pooling, three stages of shuffle units (at stride 1 the first half of the channels passes while the second goes
/// through 1x1, depthwise 3x3 and 1x1 convolutions; at stride 2 both halves are computed from the whole input; then
/// the two halves' channels are interleaved), a 1x1 convolution, the mean over height and width, and a classifier;
/// torchvision's module names (`stage3.0.branch2.3`).
enum ShuffleNetV2 {
    /// Units per stage.
    static let repeats = [4, 8, 4]

    static let models = [
        ("x0_5", [24, 48, 96, 192, 1024]), ("x1_0", [24, 116, 232, 464, 1024]), ("x1_5", [24, 176, 352, 704, 1024]),
        ("x2_0", [24, 244, 488, 976, 2048]),
    ].map { model(name: "shufflenet_v2_\($0.0)", widths: $0.1) }

    /// The variant with `widths` channels: stem, the three stages, the last convolution.
    static func model(name: String, widths: [Int]) -> ZooModel {
        ZooModel(
            name: name,
            summary:
                "torchvision \(name): \(repeats.reduce(0, +)) shuffle units, stages \(widths[1])-\(widths[2])-\(widths[3]) (3x224x224)",
            defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "fc",
            build: { classes in
                var layers = [
                    Make.conv("conv1.0", widths[0], kernel: 3, stride: 2, padding: 1, bias: false),
                    Make.batchNorm("conv1.1"), Make.relu("conv1.2"),
                    Make.maxPool("maxpool", kernel: 3, stride: 2, padding: 1),
                ]
                for (stage, count) in repeats.enumerated() {
                    let width = widths[stage + 1]
                    for unit in 0..<count {
                        layers.append(
                            shuffleUnit(
                                "stage\(stage + 2).\(unit)", input: unit == 0 ? widths[stage] : width, width: width,
                                stride: unit == 0 ? 2 : 1))
                    }
                }
                return layers + [
                    Make.conv("conv5.0", widths[4], kernel: 1, bias: false), Make.batchNorm("conv5.1"),
                    Make.relu("conv5.2"), Layer("mean", GlobalAvgPoolOp()), Make.linear("fc", classes),
                ]
            })
    }

    /// torchvision's `InvertedResidual` of ShuffleNet V2 named `name`, from `input` to `width` channels: at stride 2 `branch1`
    /// (depthwise 3x3, 1x1) and `branch2` both read the input, at stride 1 `branch2` reads the second half of the
    /// channels and the first half passes (`name.x1`, `name.x2`, torch.chunk's halves); the halves joined
    /// (`name.cat`) and shuffled (`name.channel_shuffle`).
    static func shuffleUnit(_ name: String, input: Int, width: Int, stride: Int) -> Layer {
        let half = width / 2
        let branch2 = [
            Make.conv("\(name).branch2.0", half, kernel: 1, bias: false), Make.batchNorm("\(name).branch2.1"),
            Make.relu("\(name).branch2.2"), depthwise("\(name).branch2.3", half, stride: stride),
            Make.batchNorm("\(name).branch2.4"), Make.conv("\(name).branch2.5", half, kernel: 1, bias: false),
            Make.batchNorm("\(name).branch2.6"), Make.relu("\(name).branch2.7"),
        ]
        let branches =
            stride == 1
            ? [
                [Layer("\(name).x1", ChannelChunkOp(chunks: 2, index: 0))],
                [Layer("\(name).x2", ChannelChunkOp(chunks: 2, index: 1))] + branch2,
            ]
            : [
                [
                    depthwise("\(name).branch1.0", input, stride: stride), Make.batchNorm("\(name).branch1.1"),
                    Make.conv("\(name).branch1.2", half, kernel: 1, bias: false), Make.batchNorm("\(name).branch1.3"),
                    Make.relu("\(name).branch1.4"),
                ],
                branch2,
            ]
        return Layer(
            name,
            SequenceOp([
                Layer("\(name).cat", ConcatOp(branches: branches)),
                Layer("\(name).channel_shuffle", ChannelShuffleOp(groups: 2)),
            ]))
    }

    /// A depthwise 3x3 convolution without bias over `channels` channels.
    static func depthwise(_ name: String, _ channels: Int, stride: Int) -> Layer {
        Make.conv(name, channels, kernel: 3, stride: stride, padding: 1, groups: channels, bias: false)
    }
}
