/// torchvision's Vision Transformers (`vit_b_16`, `vit_b_32`, `vit_l_16`, `vit_l_32`, `vit_h_14`): the image cut into
/// patches by `conv_proj`, the class token in front, the learned position embedding, encoder blocks (LayerNorm,
/// multi-head self-attention, an identity shortcut; LayerNorm, a GELU MLP, an identity shortcut), a final LayerNorm,
/// the class token's features and a linear head; torchvision's names (`encoder.layers.encoder_layer_5.mlp.3`).
enum VisionTransformer {
    /// LayerNorm's eps throughout.
    static let eps = 1e-6

    /// Each variant's patch size, encoder blocks, heads, width and MLP width.
    static let models: [ZooModel] = [
        ("vit_b_16", 16, 12, 12, 768, 3072), ("vit_b_32", 32, 12, 12, 768, 3072),
        ("vit_l_16", 16, 24, 16, 1024, 4096), ("vit_l_32", 32, 24, 16, 1024, 4096),
        ("vit_h_14", 14, 32, 16, 1280, 5120),
    ].map { model(name: $0.0, patch: $0.1, depth: $0.2, heads: $0.3, width: $0.4, mlpWidth: $0.5) }

    /// One variant.
    static func model(name: String, patch: Int, depth: Int, heads: Int, width: Int, mlpWidth: Int) -> ZooModel {
        var model = ZooModel(
            name: name,
            summary: "torchvision \(name): \(depth) encoder blocks of \(heads)-head self-attention (3x224x224)",
            defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "heads.head",
            build: { classes in
                [
                    Layer(
                        "class_token",
                        ClassTokenOp(projection: [
                            Make.conv("conv_proj", width, kernel: patch, stride: patch, bias: true)
                        ])),
                    Layer("encoder.pos_embedding", PositionEmbeddingOp()),
                    Make.dropout("encoder.dropout", 0),
                ]
                    + (0..<depth).map {
                        encoderBlock(
                            "encoder.layers.encoder_layer_\($0)", heads: heads, width: width, mlpWidth: mlpWidth)
                    }
                    + [
                        Layer("encoder.ln", LayerNormOp(eps: eps)),
                        Layer("class_token_features", TokenPoolOp(.classToken)),
                        Make.linear("heads.head", classes),
                    ]
            })
        model.holdsTokens = true
        return model
    }

    /// torchvision's `EncoderBlock` named `name`: two residual blocks (named `name.attention` and `name.mlp_block`,
    /// which hold no tensors) around `ln_1`, `self_attention`, `dropout` and `ln_2`, `mlp.0` … `mlp.4`.
    static func encoderBlock(_ name: String, heads: Int, width: Int, mlpWidth: Int) -> Layer {
        let attention = ResidualOp(
            body: [
                Layer("\(name).ln_1", LayerNormOp(eps: eps)),
                Layer("\(name).self_attention", SelfAttentionOp(heads: heads)),
                Make.dropout("\(name).dropout", 0),
            ], shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false)
        let mlp = ResidualOp(
            body: [
                Layer("\(name).ln_2", LayerNormOp(eps: eps)),
                Layer("\(name).mlp.0", PointwiseLinearOp(outFeatures: mlpWidth)),
                Layer("\(name).mlp.1", GELUOp(tanh: false)), Make.dropout("\(name).mlp.2", 0),
                Layer("\(name).mlp.3", PointwiseLinearOp(outFeatures: width)), Make.dropout("\(name).mlp.4", 0),
            ], shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false)
        return Layer(name, SequenceOp([Layer("\(name).attention", attention), Layer("\(name).mlp_block", mlp)]))
    }
}
