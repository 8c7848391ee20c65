/// torchvision's Swin Transformers (`swin_t`, `swin_s`, `swin_b`): a 4x4 stride-4 patch embedding with LayerNorm,
/// four stages of Swin blocks (LayerNorm, window attention over 7x7 windows, rolled by half a window in every second
/// block, an identity shortcut; LayerNorm, a 4x GELU MLP, an identity shortcut; stochastic depth on both) with patch
/// merging between them, a final LayerNorm, global average pooling and a linear head; torchvision's names
/// (`features.5.3.attn.qkv`, `features.4.reduction`). The map stays channels-last throughout, so torchvision's permutes
/// have no layer here. Swin V2 (`swin_v2_t`, `swin_v2_s`, `swin_v2_b`) has 8x8 windows of cosine attention with a
/// continuous position bias, normalises after the attention and the MLP instead of before, and after its patch
/// merging's reduction.
enum SwinTransformer {
    /// Each size's name (`t`, `s`, `b`), patch embedding width, blocks and heads per stage, and its stochastic depth
    /// probability: `swin_<size>` and `swin_v2_<size>` share them.
    static let sizes = [
        ("t", 96, [2, 2, 6, 2], [3, 6, 12, 24], 0.2), ("s", 96, [2, 2, 18, 2], [3, 6, 12, 24], 0.3),
        ("b", 128, [2, 2, 18, 2], [4, 8, 16, 32], 0.5),
    ]

    /// Every variant, V1 then V2.
    static let models: [ZooModel] =
        sizes.map { model(name: "swin_\($0.0)", width: $0.1, depths: $0.2, heads: $0.3, stochasticDepth: $0.4) }
        + sizes.map {
            model(
                name: "swin_v2_\($0.0)", width: $0.1, depths: $0.2, heads: $0.3, window: 8, stochasticDepth: $0.4,
                v2: true, side: 256)
        }

    /// One variant: `patch`×`patch` patches, windows of `window`×`window` tokens, Swin V2's blocks with `v2`, made
    /// for `side`×`side` images (torchvision's V2 weights are 256x256).
    static func model(
        name: String, patch: Int = 4, width: Int, depths: [Int], heads: [Int], window: Int = 7, stochasticDepth: Double,
        v2: Bool = false, side: Int = 224
    ) -> ZooModel {
        ZooModel(
            name: name,
            summary: "torchvision \(name): \(depths.reduce(0, +)) Swin blocks of shifted-window attention "
                + "(3x\(side)x\(side))",
            defaultInput: .image(3, side, side), defaultClasses: 1000, classifier: "head",
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
                    if stage > 0 {
                        layers.append(patchMerging("features.\(index - 1)", channels: channels, v2: v2))
                    }
                    for block in 0..<depths[stage] {
                        layers.append(
                            self.block(
                                "features.\(index).\(block)", heads: heads[stage], channels: channels,
                                window: window, shifted: block % 2 == 1,
                                dropImages: stochasticDepth * Double(done) / Double(total - 1), v2: v2))
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
    /// stochastic depth. V2's (`SwinTransformerBlockV2`) normalise after `attn` and the MLP; torchvision still lists
    /// `norm1` and `norm2` first.
    static func block(
        _ name: String, heads: Int, channels: Int, window: Int, shifted: Bool, dropImages: Double, v2: Bool = false
    ) -> Layer {
        let norm1 = Layer("\(name).norm1", LayerNormOp()), norm2 = Layer("\(name).norm2", LayerNormOp())
        let attention = Layer(
            "\(name).attn",
            WindowAttentionOp(
                heads: heads, window: [window, window], shift: shifted ? [window / 2, window / 2] : [0, 0], cosine: v2))
        let mlp = [
            Layer("\(name).mlp.0", PointwiseLinearOp(outFeatures: 4 * channels)),
            Layer("\(name).mlp.1", GELUOp(tanh: false)), Make.dropout("\(name).mlp.2", 0),
            Layer("\(name).mlp.3", PointwiseLinearOp(outFeatures: channels)), Make.dropout("\(name).mlp.4", 0),
        ]
        /// A residual block named `block` around `body` (listed norm first) and stochastic depth.
        func residual(_ block: String, _ body: [Layer], listing: [Int]?) -> Layer {
            let drop = Layer("\(block).stochastic_depth", StochasticDepthOp(p: dropImages))
            return Layer(
                block,
                ResidualOp(
                    body: [Layer("\(block).body", SequenceOp(body, listing: listing)), drop], shortcut: [],
                    projectsWhenShapeChanges: false, reluAfterAdd: false))
        }
        let blocks =
            v2
            ? [
                residual("\(name).attention_block", [attention, norm1], listing: [1, 0]),
                residual("\(name).mlp_block", mlp + [norm2], listing: [5, 0, 1, 2, 3, 4]),
            ]
            : [
                residual("\(name).attention_block", [norm1, attention], listing: nil),
                residual("\(name).mlp_block", [norm2] + mlp, listing: nil),
            ]
        return Layer(name, SequenceOp(blocks))
    }

    /// torchvision's `PatchMerging` named `name` before a stage of `channels`: the 2×2 patches gathered
    /// (`name.patch_merging`, no tensors), `name.norm` over their 2·`channels` (four times the previous stage's), then
    /// `name.reduction` to `channels` without a bias; torchvision lists `reduction` before `norm`. V2's
    /// (`PatchMergingV2`) normalises after the reduction.
    static func patchMerging(_ name: String, channels: Int, v2: Bool = false) -> Layer {
        let merge = Layer("\(name).patch_merging", PatchMergingOp()), norm = Layer("\(name).norm", LayerNormOp())
        let reduction = Layer("\(name).reduction", PointwiseLinearOp(outFeatures: channels, bias: false))
        return Layer(
            name,
            v2 ? SequenceOp([merge, reduction, norm]) : SequenceOp([merge, norm, reduction], listing: [0, 2, 1]))
    }
}
