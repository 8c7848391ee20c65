/// torchvision's ConvNeXt (`convnext_tiny`, `convnext_small`, `convnext_base`, `convnext_large`): a 4x4 stride-4
/// patchify stem with LayerNorm, four stages of ConvNeXt blocks (depthwise 7x7, LayerNorm over the channels, a 4x
/// pointwise MLP with GELU, layer scale, stochastic depth, an identity shortcut) with LayerNorm and a 2x2 stride-2
/// convolution between them, global average pooling, LayerNorm and a linear classifier; torchvision's module names
/// (`features.1.0.block.3`, `features.1.0.layer_scale`).
enum ConvNeXt {
    /// LayerNorm's eps throughout.
    static let eps = 1e-6

    /// Each variant's stage widths, blocks per stage and the stochastic depth probability of its last block.
    static let models: [ZooModel] = [
        ("convnext_tiny", [96, 192, 384, 768], [3, 3, 9, 3], 0.1),
        ("convnext_small", [96, 192, 384, 768], [3, 3, 27, 3], 0.4),
        ("convnext_base", [128, 256, 512, 1024], [3, 3, 27, 3], 0.5),
        ("convnext_large", [192, 384, 768, 1536], [3, 3, 27, 3], 0.5),
    ].map { model(name: $0.0, widths: $0.1, depths: $0.2, stochasticDepth: $0.3) }

    /// One variant.
    static func model(name: String, widths: [Int], depths: [Int], stochasticDepth: Double) -> ZooModel {
        ZooModel(
            name: name,
            summary: "torchvision \(name): \(depths.reduce(0, +)) ConvNeXt blocks, LayerNorm, GELU (3x224x224)",
            defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "classifier.2",
            build: { classes in
                var layers = [
                    Layer(
                        "features.0",
                        SequenceOp([
                            Make.conv("features.0.0", widths[0], kernel: 4, stride: 4),
                            Layer("features.0.1", LayerNormOp(eps: eps)),
                        ]))
                ]
                let total = depths.reduce(0, +)
                var done = 0
                for (stage, width) in widths.enumerated() {
                    let index = 2 * stage + 1
                    if stage > 0 {
                        layers.append(
                            Layer(
                                "features.\(index - 1)",
                                SequenceOp([
                                    Layer("features.\(index - 1).0", LayerNormOp(eps: eps)),
                                    Make.conv("features.\(index - 1).1", width, kernel: 2, stride: 2),
                                ])))
                    }
                    for block in 0..<depths[stage] {
                        layers.append(
                            self.block(
                                "features.\(index).\(block)", channels: width,
                                dropImages: stochasticDepth * Double(done) / Double(total - 1)))
                        done += 1
                    }
                }
                return layers + [
                    Make.adaptiveAvgPool("avgpool", 1), Layer("classifier.0", LayerNormOp(eps: eps)),
                    Make.flatten("classifier.1"), Make.linear("classifier.2", classes),
                ]
            })
    }

    /// torchvision's `CNBlock` named `name`: `name.block.0` the depthwise 7x7 convolution, `name.block.2` LayerNorm,
    /// `name.block.3` and `name.block.5` the pointwise linear layers around GELU (`block.1` and `block.6` are
    /// torchvision's permutes, which tlrun's channels-last layers do not need), then `name.layer_scale` and stochastic
    /// depth, added to the input.
    static func block(_ name: String, channels: Int, dropImages: Double) -> Layer {
        let body = [
            Make.conv("\(name).block.0", channels, kernel: 7, padding: 3, groups: channels),
            Layer("\(name).block.2", LayerNormOp(eps: eps)),
            Layer("\(name).block.3", PointwiseLinearOp(outFeatures: 4 * channels)),
            Layer("\(name).block.4", GELUOp()),
            Layer("\(name).block.5", PointwiseLinearOp(outFeatures: channels)),
            Layer("\(name).layer_scale", LayerScaleOp(initial: 1e-6)),
            Layer("\(name).stochastic_depth", StochasticDepthOp(p: dropImages)),
        ]
        return Layer(name, ResidualOp(body: body, shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false))
    }
}
