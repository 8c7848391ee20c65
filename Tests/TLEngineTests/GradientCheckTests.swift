import CDNNL
import XCTest

@testable import TLEngine
@testable import TLGraph

/// Every op's backward against central finite differences of the loss (ReLU and max-pool kinks are kept out of
/// reach of the step with `distinct` inputs and a small step).
final class GradientCheckTests: XCTestCase {
    func testConvolutionStridePaddingDilationGroupsAndOddSizes() throws {
        try assertGradientsMatchFiniteDifferences(
            [L.conv("c", 4, k: 3, s: 2, p: 1), L.flatten, L.linear("fc", 3)], input: .image(2, 7, 9))
        try assertGradientsMatchFiniteDifferences(
            [L.conv("c", 4, k: 3, p: 2, d: 2, g: 2), L.flatten, L.linear("fc", 3)], input: .image(4, 5, 5))
        try assertGradientsMatchFiniteDifferences(
            [L.conv("dw", 4, k: 3, p: 1, g: 4, bias: false), L.flatten, L.linear("fc", 3)], input: .image(4, 5, 6))
    }

    func testLinearWithoutBias() throws {
        try assertGradientsMatchFiniteDifferences(
            [L.flatten, L.linear("a", 5, bias: false), L.linear("b", 3)], input: TensorShape([7]))
    }

    func testActivations() throws {
        for activation: any LayerOperation in [
            ReLUOp(), LeakyReLUOp(slope: 0.1), GELUOp(tanh: false), GELUOp(tanh: true), SigmoidOp(), TanhOp(),
            SoftplusOp(), ReLU6Op(), HardswishOp(), HardsigmoidOp(), SiLUOp(),
        ] {
            try assertGradientsMatchFiniteDifferences(
                [L.linear("a", 6), Layer("act", activation), L.linear("b", 3)], input: TensorShape([5]))
        }
    }

    func testMaxPoolingWithPaddingDilationAndCeilMode() throws {
        try assertGradientsMatchFiniteDifferences(
            [L.maxPool("p", k: 3, s: 2, p: 1, ceil: true), L.flatten, L.linear("fc", 3)],
            input: .image(2, 6, 7), distinct: true)
        try assertGradientsMatchFiniteDifferences(
            [L.maxPool("p", k: 2, s: 1, d: 2), L.flatten, L.linear("fc", 3)],
            input: .image(1, 5, 5), distinct: true)
    }

    func testReLUBeforeMaxPoolingRunsAfterItWithTheSameGradients() throws {
        let layers = [
            L.conv("c", 3, k: 3, p: 1), Layer("r", ReLUOp()), L.maxPool("p", k: 2, s: 2), L.flatten, L.linear("fc", 3),
        ]
        XCTAssertEqual(PlanCompiler.poolingBeforeReLU(layers).map(\.name), ["c", "p", "r", "flatten", "fc"])
        try assertGradientsMatchFiniteDifferences(layers, input: .image(2, 6, 6), distinct: true)
    }

    /// Written out where ceil_mode's last window runs past the padding and the padding counts (oneDNN would divide by
    /// the whole window) and for adaptive sizes that do not divide the input's, on oneDNN in the input's layout
    /// otherwise.
    func testAveragePoolingVariants() throws {
        let window = { (pool: Layer) in (pool.op as? AvgPool2dOp)?.window }
        let clipped = L.avgPool("p", k: 3, s: 2, p: 1, ceil: true, includePad: true)
        XCTAssertNil(
            PoolingKernel.averaging(try XCTUnwrap(window(clipped)), input: [2, 2, 5, 7], outputDims: [2, 2, 4, 4]))
        XCTAssertEqual(
            PoolingKernel.averaging(
                try XCTUnwrap(window(L.avgPool("p", k: 3, s: 2, p: 1))), input: [2, 2, 5, 7], outputDims: [2, 2, 3, 4]),
            dnnl_pooling_avg_include_padding)
        for pool in [
            clipped, L.avgPool("p", k: 3, s: 2, p: 1, ceil: true, includePad: false),
            L.avgPool("p", k: 3, s: 2, p: 1), L.avgPool("p", k: 3, s: 1, p: 1, includePad: false),
            L.avgPool("p", k: 2, s: 2), Layer("p", AdaptiveAvgPool2dOp(height: 3, width: 2)),
            Layer("p", AdaptiveAvgPool2dOp(height: 1, width: 7)), Layer("p", AdaptiveAvgPool2dOp(height: 1, width: 1)),
            Layer("p", GlobalAvgPoolOp()),
        ] {
            try assertGradientsMatchFiniteDifferences(
                [L.conv("c", 2, k: 1), pool, L.flatten, L.linear("fc", 3)], input: .image(2, 5, 7))
        }
    }

    func testBatchNormalisationWithBatchStatistics() throws {
        try assertGradientsMatchFiniteDifferences(
            [L.conv("c", 3, k: 1), L.bn2d("bn"), L.flatten, L.linear("fc", 3)], input: .image(2, 3, 3), batch: 4)
        try assertGradientsMatchFiniteDifferences(
            [L.flatten, L.linear("a", 4), L.bn1d("bn"), L.linear("fc", 3)], input: TensorShape([5]), batch: 5)
    }

    func testDropoutWithAFixedMask() throws {
        try assertGradientsMatchFiniteDifferences(
            [L.linear("a", 8), Layer("drop", DropoutOp(p: 0.5)), L.linear("b", 3)], input: TensorShape([4]), batch: 4)
    }

    func testStochasticDepthWithAFixedMask() throws {
        try assertGradientsMatchFiniteDifferences(
            [L.conv("c", 3, k: 1), Layer("drop", StochasticDepthOp(p: 0.5)), L.flatten, L.linear("fc", 3)],
            input: .image(2, 3, 3), batch: 6)
    }

    /// A residual body ending in stochastic depth (ConvNeXt's, EfficientNet's, Swin's), and a ReLU after the sum: the
    /// sum is written over the dropped result, whose backward reads only its per-image mask.
    func testAResidualBodyEndingInStochasticDepth() throws {
        let block = Layer(
            "block",
            ResidualOp(
                body: [L.conv("block.conv", 3, k: 3, p: 1), Layer("block.drop", StochasticDepthOp(p: 0.5))],
                shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: true))
        try assertGradientsMatchFiniteDifferences(
            [L.conv("stem", 3, k: 1), block, L.flatten, L.linear("fc", 3)], input: .image(2, 3, 3), batch: 6,
            distinct: true)
    }

    /// ConvNeXt's block end: stochastic depth computed in place over the layer scale's result (whose backward reads only
    /// its input), and the sum written over both.
    func testStochasticDepthInPlaceAfterALayerScale() throws {
        let block = Layer(
            "block",
            ResidualOp(
                body: [
                    L.conv("block.conv", 3, k: 3, p: 1), Layer("block.scale", LayerScaleOp(initial: 0.5)),
                    Layer("block.drop", StochasticDepthOp(p: 0.5)),
                ], shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false))
        try assertGradientsMatchFiniteDifferences(
            [L.conv("stem", 3, k: 1), block, L.flatten, L.linear("fc", 3)], input: .image(2, 3, 3), batch: 6)
    }

    /// In training each image is kept whole (scaled by 1/(1-p)) or dropped whole, drawn from the seeded stream; in
    /// evaluation it is the identity.
    func testStochasticDepthDropsWholeImagesInTrainingOnly() throws {
        let layers = [Layer("drop", StochasticDepthOp(p: 0.5)), L.flatten, L.linear("fc", 2)]
        let network = try CompiledNetwork(
            layers: layers, input: .image(16, 3, 3), batchSize: 32, store: try ParameterStore(layers: [], seed: 1),
            seed: 4)
        let input = randomValues(network.input.count, seed: 6).map { $0 + 2 }
        network.input.buffer.copy(from: input)
        let drop = try XCTUnwrap(network.dropouts.first)
        network.forward(training: true)
        let perImage = 16 * 9
        let output = drop.output.values
        var kept = 0
        for image in 0..<32 {
            let slice = Array(output[(image * perImage)..<((image + 1) * perImage)])
            if slice.allSatisfy({ $0 == 0 }) { continue }
            kept += 1
            for (index, value) in slice.enumerated() {
                XCTAssertEqual(value, 2 * input[image * perImage + index], accuracy: 1e-6)
            }
        }
        XCTAssertTrue((8...24).contains(kept), "about half the images kept: \(kept)")
        network.forward(training: false)
        XCTAssertEqual(drop.output.values, input)
    }

    func testResidualBlocksWithIdentityAndDownsampleShortcuts() throws {
        let identity = Layer(
            "block",
            ResidualOp(
                body: [L.conv("block.conv1", 3, k: 3, p: 1), L.conv("block.conv2", 3, k: 3, p: 1)],
                shortcut: [], projectsWhenShapeChanges: false))
        try assertGradientsMatchFiniteDifferences(
            [L.conv("stem", 3, k: 1), identity, L.flatten, L.linear("fc", 3)], input: .image(2, 4, 4),
            distinct: true)
        let downsample = Layer(
            "down",
            ResidualOp(
                body: [L.conv("down.conv1", 4, k: 3, s: 2, p: 1), L.bn2d("down.bn1")],
                shortcut: [], projectsWhenShapeChanges: true))
        try assertGradientsMatchFiniteDifferences(
            [L.conv("stem", 3, k: 1), downsample, L.flatten, L.linear("fc", 3)], input: .image(2, 5, 5),
            batch: 4, distinct: true)
    }

    /// MobileNet V2's blocks with a smooth activation in place of ReLU6: after BatchNorm with batch statistics half the
    /// values sit near ReLU6's kink at 0, where finite differences cross it (ReLU6 itself is checked above).
    func testInvertedResidualsWithALinearAdditionAndAsASequence() throws {
        let body = { (name: String, stride: Int) in
            [
                L.conv("\(name).expand", 8, k: 1, bias: false), L.bn2d("\(name).bn1"),
                Layer("\(name).act1", GELUOp(tanh: false)),
                L.conv("\(name).depthwise", 8, k: 3, s: stride, p: 1, g: 8, bias: false), L.bn2d("\(name).bn2"),
                Layer("\(name).act2", GELUOp(tanh: false)), L.conv("\(name).project", 4, k: 1, bias: false),
                L.bn2d("\(name).bn3"),
            ]
        }
        let linear = Layer(
            "added",
            ResidualOp(body: body("added", 1), shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false))
        let sequence = Layer("strided", SequenceOp(body("strided", 2)))
        try assertGradientsMatchFiniteDifferences(
            [L.conv("stem", 4, k: 1), linear, sequence, L.flatten, L.linear("fc", 3)], input: .image(2, 5, 5),
            batch: 4, distinct: true)
    }

    func testSqueezeExcitationGatesInsideAndOutsideAResidualBlock() throws {
        let gate = { (name: String) in
            Layer(
                name,
                GateOp(branch: [
                    Layer("\(name).avgpool", AdaptiveAvgPool2dOp(height: 1, width: 1)), L.conv("\(name).fc1", 2, k: 1),
                    Layer("\(name).activation", SiLUOp()), L.conv("\(name).fc2", 4, k: 1),
                    Layer("\(name).scale_activation", SigmoidOp()),
                ]))
        }
        let block = Layer(
            "block",
            ResidualOp(
                body: [L.conv("block.conv", 4, k: 3, p: 1), gate("block.se"), L.conv("block.project", 4, k: 1)],
                shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false))
        try assertGradientsMatchFiniteDifferences(
            [L.conv("stem", 4, k: 1), gate("se"), block, L.flatten, L.linear("fc", 3)], input: .image(2, 5, 5),
            batch: 3, distinct: true)
    }

    func testConvNeXtBlockLayerNormPointwiseLinearAndLayerScale() throws {
        let block = Layer(
            "block",
            ResidualOp(
                body: [
                    L.conv("block.dw", 4, k: 3, p: 1, g: 4), Layer("block.norm", LayerNormOp(eps: 1e-6)),
                    Layer("block.fc1", PointwiseLinearOp(outFeatures: 8)), Layer("block.act", GELUOp()),
                    Layer("block.fc2", PointwiseLinearOp(outFeatures: 4)),
                    Layer("block.layer_scale", LayerScaleOp(initial: 0.5)),
                ], shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false))
        try assertGradientsMatchFiniteDifferences(
            [
                L.conv("stem", 4, k: 1), Layer("stem.norm", LayerNormOp()), block, L.flatten,
                Layer("head.norm", LayerNormOp()), L.linear("fc", 3),
            ], input: .image(2, 3, 3), batch: 3)
    }

    func testDepthwiseConvolutionsWithLargeKernelsStridesDilationAndPartialChannelBlocks() throws {
        try assertGradientsMatchFiniteDifferences(
            [
                L.conv("stem", 20, k: 1), L.conv("dw7", 20, k: 7, p: 3, g: 20),
                L.conv("dw5", 20, k: 5, s: 2, p: 2, g: 20, bias: false),
                L.conv("dw5dilated", 20, k: 5, p: 4, d: 2, g: 20),
                L.flatten, L.linear("fc", 3),
            ], input: .image(3, 9, 8), batch: 3)
    }

    func testConcatenationsOfTheInputWithABranchAndOfTwoBranches() throws {
        // ReLU as DenseNet has it, or (for channel ranges on whole blocks, with more values near its kink) SiLU.
        let dense = { (name: String, growth: Int, smooth: Bool) in
            Layer(
                name,
                ConcatOp(branches: [
                    [],
                    [
                        Layer("\(name).norm", BatchNormOp()), Layer("\(name).act", smooth ? SiLUOp() : ReLUOp()),
                        L.conv("\(name).conv", growth, k: 3, p: 1),
                    ],
                ]))
        }
        let fire = Layer(
            "fire",
            ConcatOp(branches: [
                [L.conv("fire.expand1x1", 4, k: 1), Layer("fire.relu1", ReLUOp())],
                [L.conv("fire.expand3x3", 3, k: 3, p: 1)],
            ]))
        try assertGradientsMatchFiniteDifferences(
            [L.conv("stem", 5, k: 1), fire, L.flatten, L.linear("fc", 3)], input: .image(2, 5, 5), batch: 3,
            distinct: true)
        // No branch with layers: the first empty branch writes the input's gradient, the second adds to it.
        try assertGradientsMatchFiniteDifferences(
            [L.conv("stem", 5, k: 1), Layer("twice", ConcatOp(branches: [[], []])), L.flatten, L.linear("fc", 3)],
            input: .image(2, 3, 3), batch: 3)
        try assertGradientsMatchFiniteDifferences(
            [L.conv("stem", 5, k: 1), dense("dense1", 3, false), L.flatten, L.linear("fc", 3)], input: .image(2, 5, 5),
            batch: 3, distinct: true)
        try assertGradientsMatchFiniteDifferences(
            [
                L.conv("stem", 5, k: 1), dense("dense1", 3, false), dense("dense2", 16, false), fire, L.flatten,
                L.linear("fc", 3),
            ],
            input: .image(2, 5, 5), batch: 3, distinct: true)
        try assertGradientsMatchFiniteDifferences(
            [
                L.conv("stem", 16, k: 1), dense("dense1", 16, true), dense("dense2", 32, true), L.flatten,
                L.linear("fc", 3),
            ],
            input: .image(2, 4, 4), batch: 2, distinct: true)
    }

    func testShuffleUnitsWithChannelChunksAndAShuffleOnPlainAndBlockedInputs() throws {
        let unit = { (name: String, width: Int) in
            Layer(
                name,
                SequenceOp([
                    Layer(
                        "\(name).cat",
                        ConcatOp(branches: [
                            [Layer("\(name).x1", ChannelChunkOp(chunks: 2, index: 0))],
                            [
                                Layer("\(name).x2", ChannelChunkOp(chunks: 2, index: 1)),
                                L.conv("\(name).conv", width / 2, k: 3, p: 1), Layer("\(name).act", SiLUOp()),
                            ],
                        ])),
                    Layer("\(name).shuffle", ChannelShuffleOp(groups: 2)),
                ]))
        }
        try assertGradientsMatchFiniteDifferences(
            [L.conv("stem", 6, k: 1), unit("unit", 6), L.flatten, L.linear("fc", 3)], input: .image(2, 4, 4),
            batch: 3)
        try assertGradientsMatchFiniteDifferences(
            [
                L.conv("stem", 24, k: 1), unit("unit", 24), Layer("shuffle", ChannelShuffleOp(groups: 3)), L.flatten,
                L.linear("fc", 3),
            ],
            input: .image(2, 3, 3), batch: 2)
    }

    func testInputTransformNestedConcatenationsAndAnAuxiliaryClassifierThatNeverRuns() throws {
        let branch = { (name: String, width: Int, k: (Int, Int), p: (Int, Int)) in
            [Layer(name, Conv2dOp(outChannels: width, kernel: k, padding: p)), Layer("\(name).act", SiLUOp())]
        }
        let block = Layer(
            "mixed",
            ConcatOp(branches: [
                branch("mixed.a", 2, (1, 1), (0, 0)),
                branch("mixed.b", 3, (1, 1), (0, 0)) + [
                    Layer(
                        "mixed.b_cat",
                        ConcatOp(branches: [
                            branch("mixed.b1", 2, (1, 3), (0, 1)), branch("mixed.b2", 2, (3, 1), (1, 0)),
                        ]))
                ],
                [L.avgPool("mixed.pool", k: 3, s: 1, p: 1, ceil: false, includePad: true)],
            ]))
        let auxiliary = Layer(
            "aux",
            AuxiliaryClassifierOp(
                tapShape: .image(9, 4, 4),
                layers: [Layer("aux.flatten", FlattenOp()), L.linear("aux.fc", 3)]))
        try assertGradientsMatchFiniteDifferences(
            [
                Layer("transform", ChannelAffineOp(scale: [0.5, 2], shift: [0.25, -1])), L.conv("stem", 3, k: 1),
                block, auxiliary, L.flatten, L.linear("fc", 3),
            ],
            input: .image(2, 4, 4), batch: 2)
    }

    /// A narrow ViT: patch embedding with the class token, position embedding, an encoder block (self-attention with
    /// two heads, the GELU MLP), and both token poolings.
    func testVisionTransformerTokensSelfAttentionAndTokenPooling() throws {
        for pool in [TokenPoolOp(.classToken), TokenPoolOp(.patchMean)] {
            let block = VisionTransformerTestBlock.encoder("encoder_layer_0", heads: 2, width: 4, mlpWidth: 8)
            try assertGradientsMatchFiniteDifferences(
                [
                    Layer("class_token", ClassTokenOp(projection: [L.conv("conv_proj", 4, k: 2, s: 2)])),
                    Layer("pos_embedding", PositionEmbeddingOp()), block, Layer("ln", LayerNormOp(eps: 1e-6)),
                    Layer("pool", pool), L.linear("head", 3),
                ], input: .image(3, 4, 6), batch: 2, randomized: ["class_token", "pos_embedding"])
        }
    }

    /// A narrow Swin: the patch embedding, an unshifted and a shifted block on a 5×6 map padded to whole 3×3 windows
    /// (so the roll's seams are masked and the padding attends), patch merging over the odd height, the head; with
    /// V1's blocks and V2's (cosine attention with its logit scale, the continuous position bias MLP, norms after; its
    /// blocks' tensors made random: at their initial scale the queries' lengths and the spread across the channels of
    /// what the following LayerNorms divide by are near the finite difference's step, and the bias MLP's zero biases
    /// put its ReLU's kink at the centre offset's zero coordinates; the small step keeps clear of the kinks of its 512
    /// ReLUs over the offsets and of the normalisations' curvature).
    func testSwinBlocksWindowAttentionShiftPaddingAndPatchMerging() throws {
        for v2 in [false, true] {
            let blocks = (0..<2).map {
                SwinTransformer.block(
                    "b\($0)", heads: 2, channels: 8, window: 3, shifted: $0 == 1, dropImages: 0, v2: v2)
            }
            let randomized = blocks.flatMap(\.allParameters).filter {
                $0.trainable && (v2 ? !$0.name.contains("norm") : $0.name.hasSuffix("relative_position_bias_table"))
            }
            try assertGradientsMatchFiniteDifferences(
                [L.conv("embed", 8, k: 2, s: 2), Layer("embed.norm", LayerNormOp())] + blocks + [
                    SwinTransformer.patchMerging("merge", channels: 16, v2: v2), Layer("norm", LayerNormOp()),
                    L.flatten, L.linear("head", 3),
                ], input: .image(3, 10, 12), batch: 2, distinct: v2, randomized: randomized.map(\.name))
        }
    }
}

/// A ViT encoder block as torchvision's `EncoderBlock` computes it (without dropout).
enum VisionTransformerTestBlock {
    static func encoder(_ name: String, heads: Int, width: Int, mlpWidth: Int) -> Layer {
        let attention = ResidualOp(
            body: [
                Layer("\(name).ln_1", LayerNormOp(eps: 1e-6)),
                Layer("\(name).self_attention", SelfAttentionOp(heads: heads)),
            ],
            shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false)
        let mlp = ResidualOp(
            body: [
                Layer("\(name).ln_2", LayerNormOp(eps: 1e-6)),
                Layer("\(name).mlp.0", PointwiseLinearOp(outFeatures: mlpWidth)),
                Layer("\(name).mlp.1", GELUOp(tanh: false)),
                Layer("\(name).mlp.3", PointwiseLinearOp(outFeatures: width)),
            ], shortcut: [], projectsWhenShapeChanges: false, reluAfterAdd: false)
        return Layer(name, SequenceOp([Layer("\(name).attention", attention), Layer("\(name).mlp_block", mlp)]))
    }
}
