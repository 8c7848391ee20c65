/// torchvision's Swin Transformers (`swin_t`, `swin_s`, `swin_b`): a 4x4 stride-4 patch embedding with LayerNorm,
/// four stages of Swin blocks (LayerNorm, window attention over 7x7 windows, rolled by half a window in every second
/// block, an identity shortcut; LayerNorm, a 4x GELU MLP, an identity shortcut; stochastic depth on both) with patch
/// merging between them, a final LayerNorm, global average pooling and a linear head; torchvision's names
/// (`features.5.3.attn.qkv`, `features.4.reduction`). The map stays channels-last throughout, so torchvision's permutes
/// have no layer here.
enum SwinTransformer {
    /// Each variant's patch embedding width, blocks and heads per stage, and its stochastic depth probability.
    static let models: [ZooModel] = [
        ("swin_t", 96, [2, 2, 6, 2], [3, 6, 12, 24], 0.2), ("swin_s", 96, [2, 2, 18, 2], [3, 6, 12, 24], 0.3),
        ("swin_b", 128, [2, 2, 18, 2], [4, 8, 16, 32], 0.5),
    ].map { model(name: $0.0, width: $0.1, depths: $0.2, heads: $0.3, stochasticDepth: $0.4) }

    /// One variant: `patch`×`patch` patches, windows of `window`×`window` tokens.
    static func model(
        name: String, patch: Int = 4, width: Int, depths: [Int], heads: [Int], window: Int = 7, stochasticDepth: Double
    ) -> ZooModel {
        ZooModel(
            name: name,
            summary: "torchvision \(name): \(depths.reduce(0, +)) Swin blocks of shifted-window attention (3x224x224)",
            defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "head",
            build: { classes in
                var layers = [
                    Layer(
                        "features.0",
                        SequenceOp([
                            Make.conv("features.0.0", width, kernel: patch, stride: patch, bias: true),
                            Layer("features.0.2", LayerNormOp()),
                        ]))
                ]
                let total = depths.reduce(0, +)
                var done = 0
                for stage in depths.indices {
                    let index = 2 * stage + 1, channels = width << stage
                    if stage > 0 { layers.append(patchMerging("features.\(index - 1)", channels: channels)) }
                    for block in 0..<depths[stage] {
                        layers.append(
                            self.block(
                                "features.\(index).\(block)", heads: heads[stage], channels: channels,
                                window: window, shifted: block % 2 == 1, dropImages: stochasticDepth * Double(done) / Double(total - 1)))
                        done += 1
                    }
                }
                return layers + [
                    Layer("norm", LayerNormOp()), Make.adaptiveAvgPool("avgpool", 1), Make.flatten(),
                    Make.linear("head", classes),
                ]
            })
    }

    /// torchvision's `SwinTransformerBlock` named `name`: two residual blocks (named `name.attention_block` and
    /// `name.mlp_block`, which hold no tensors) around `norm1`, `attn` and `norm2`, `mlp.0` … `mlp.4`, each ending in
    /// stochastic depth.
    static func block(
        _ name: String, heads: Int, channels: Int, window: Int, shifted: Bool, dropImages: Double
    ) -> Layer {
        let attention = ResidualOp(
            body: [
                Layer("\(name).norm1", LayerNormOp()),
                Layer(
                    "\(name).attn",
                    WindowAttentionOp(
                        heads: heads, window: [window, window], shift: shifted ? [window / 2, window / 2] : [0, 0])),
                Layer("\(name).stochastic_depth", StochasticDepthOp(p: dropImages)),
            ], shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false)
        let mlp = ResidualOp(
            body: [
                Layer("\(name).norm2", LayerNormOp()),
                Layer("\(name).mlp.0", PointwiseLinearOp(outFeatures: 4 * channels)),
                Layer("\(name).mlp.1", GELUOp(tanh: false)), Make.dropout("\(name).mlp.2", 0),
                Layer("\(name).mlp.3", PointwiseLinearOp(outFeatures: channels)), Make.dropout("\(name).mlp.4", 0),
                Layer("\(name).mlp_block.stochastic_depth", StochasticDepthOp(p: dropImages)),
            ], shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false)
        return Layer(
            name, SequenceOp([Layer("\(name).attention_block", attention), Layer("\(name).mlp_block", mlp)]))
    }

    /// torchvision's `PatchMerging` named `name` before a stage of `channels`: the 2×2 patches gathered
    /// (`name.patch_merging`, no tensors), `name.norm` over their 2·`channels` (four times the previous stage's), then
    /// `name.reduction` to `channels` without a bias; torchvision lists `reduction` before `norm`.
    static func patchMerging(_ name: String, channels: Int) -> Layer {
        Layer(
            name,
            SequenceOp(
                [
                    Layer("\(name).patch_merging", PatchMergingOp()), Layer("\(name).norm", LayerNormOp()),
                    Layer("\(name).reduction", PointwiseLinearOp(outFeatures: channels, bias: false)),
                ], listing: [0, 2, 1]))
    }
}
