import XCTest

@testable import TLGraph

final class ModelZooTests: XCTestCase {
    private func graph(_ name: String, input: TensorShape? = nil, classes: Int? = nil) -> TransferGraph {
        let (graph, problems) = TransferGraph.zoo(ModelZoo.model(named: name)!, input: input, classes: classes)
        XCTAssertTrue(problems.isEmpty, "\(name): \(problems.map(\.message))")
        return graph
    }

    /// torchvision's RegNet variants.
    static let regNets = ["x", "y"].flatMap { kind in
        ["400mf", "800mf", "1_6gf", "3_2gf", "8gf", "16gf", "32gf"].map { "regnet_\(kind)_\($0)" }
    }

    /// torchvision's MNASNet variants.
    static let mnasNets = ["0_5", "0_75", "1_0", "1_3"].map { "mnasnet\($0)" }

    /// torchvision's ConvNeXt variants.
    static let convNeXts = ["tiny", "small", "base", "large"].map { "convnext_\($0)" }

    /// torchvision's DenseNet variants.
    static let denseNets = [121, 161, 169, 201].map { "densenet\($0)" }

    /// torchvision's SqueezeNet versions.
    static let squeezeNets = ["squeezenet1_0", "squeezenet1_1"]

    /// torchvision's ShuffleNet V2 widths.
    static let shuffleNets = ["0_5", "1_0", "1_5", "2_0"].map { "shufflenet_v2_x\($0)" }

    func testShuffleNetCutsBetweenUnitsAndStages() {
        let g = graph("shufflenet_v2_x1_0")
        XCTAssertEqual(
            CutPoints.candidates(g.layers, input: g.input).map(\.name),
            ["maxpool", "stage2", "stage3", "stage4", "mean"])
        XCTAssertNil(CutPoints.cut(named: "stage2.1.x2", in: g.layers, input: g.input), "inside a unit")
    }

    func testGoogLeNetCutsBetweenInceptionBlocksAndNeverAtItsAuxiliaryClassifiers() {
        let g = graph("googlenet")
        XCTAssertEqual(
            CutPoints.candidates(g.layers, input: g.input).map(\.name),
            [
                "transform_input", "maxpool1", "conv2", "maxpool2", "inception3a", "maxpool3", "inception4a",
                "inception4b", "inception4c", "inception4d", "maxpool4", "inception5a", "dropout",
            ])
        let totals = GraphSummary.totals(g, batchSize: 1)
        XCTAssertEqual(Double(totals.macsPerImage) / 1e9, 1.50, accuracy: 0.005, "the auxiliary classifiers never run")
    }

    func testInceptionV3CutsBetweenMixedBlocksAndSkipsItsAuxiliaryClassifier() {
        let g = graph("inception_v3")
        let cuts = CutPoints.candidates(g.layers, input: g.input).map(\.name)
        XCTAssertEqual(Array(cuts.suffix(6)), ["Mixed_6c", "Mixed_6d", "Mixed_6e", "Mixed_7a", "Mixed_7b", "dropout"])
        XCTAssertFalse(cuts.contains("AuxLogits"))
        let shapes = Dictionary(g.inferred.map { ($0.layer.name, $0.output) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(shapes["Mixed_6e"], .image(768, 17, 17))
        XCTAssertEqual(shapes["AuxLogits"], .image(768, 17, 17), "the value passes the auxiliary classifier unchanged")
        XCTAssertEqual(shapes["Mixed_7c"], .image(2048, 8, 8))
    }

    func testSqueezeNetCutsBetweenFireModulesAndPoolings() {
        let g = graph("squeezenet1_1")
        XCTAssertEqual(
            CutPoints.candidates(g.layers, input: g.input).map(\.name),
            [
                "features.2", "features.3", "features.5", "features.6", "features.8", "features.9", "features.10",
                "features.11", "classifier.0",
            ])
        XCTAssertNil(CutPoints.cut(named: "features.3.squeeze", in: g.layers, input: g.input), "inside a fire module")
    }

    func testDenseNetCutsBetweenDenseBlocksAndTransitions() {
        let g = graph("densenet121")
        XCTAssertEqual(
            CutPoints.candidates(g.layers, input: g.input).map(\.name),
            ["features.pool0"] + (1...3).flatMap { ["features.denseblock\($0)", "features.transition\($0)"] } + [
                "avgpool"
            ])
    }

    func testConvNeXtCutsBetweenStagesAndDownsamplings() {
        let g = graph("convnext_tiny")
        XCTAssertEqual(
            CutPoints.candidates(g.layers, input: g.input).map(\.name),
            (0...6).map { "features.\($0)" } + ["classifier.0"])
    }

    func testSwinCutsBetweenStagesAndPatchMergings() {
        for name in ["swin_t", "swin_v2_b"] {
            let g = graph(name)
            XCTAssertEqual(
                CutPoints.candidates(g.layers, input: g.input).map(\.name),
                (0...6).map { "features.\($0)" } + ["avgpool"],
                name)
        }
    }

    func testRegNetCutsBetweenStages() {
        let g = graph("regnet_y_400mf")
        XCTAssertEqual(
            CutPoints.candidates(g.layers, input: g.input).map(\.name),
            ["stem"] + (1...3).map { "trunk_output.block\($0)" } + ["avgpool"])
    }

    func testParameterCountsMatchTorchvision() {
        let expected = [
            "resnet18": 11_689_512, "resnet34": 21_797_672, "vgg11": 132_863_336, "vgg16": 138_357_544,
            "alexnet": 61_100_840, "seed-cnn": 422_026, "resnet50": 25_557_032, "resnet101": 44_549_160,
            "resnet152": 60_192_808, "resnext50_32x4d": 25_028_904, "resnext101_32x8d": 88_791_336,
            "resnext101_64x4d": 83_455_272, "wide_resnet50_2": 68_883_240, "wide_resnet101_2": 126_886_696,
            "mobilenet_v2": 3_504_872, "mobilenet_v3_large": 5_483_032, "mobilenet_v3_small": 2_542_856,
            "efficientnet_b0": 5_288_548, "efficientnet_b1": 7_794_184, "efficientnet_b2": 9_109_994,
            "efficientnet_b3": 12_233_232, "efficientnet_b4": 19_341_616, "efficientnet_b5": 30_389_784,
            "efficientnet_b6": 43_040_704, "efficientnet_b7": 66_347_960, "regnet_y_400mf": 4_344_144,
            "regnet_y_800mf": 6_432_512, "regnet_y_1_6gf": 11_202_430, "regnet_y_3_2gf": 19_436_338,
            "regnet_y_8gf": 39_381_472, "regnet_y_16gf": 83_590_140, "regnet_y_32gf": 145_046_770,
            "regnet_x_400mf": 5_495_976, "regnet_x_800mf": 7_259_656, "regnet_x_1_6gf": 9_190_136,
            "regnet_x_3_2gf": 15_296_552, "regnet_x_8gf": 39_572_648, "regnet_x_16gf": 54_278_536,
            "regnet_x_32gf": 107_811_560, "mnasnet0_5": 2_218_512, "mnasnet0_75": 3_170_208, "mnasnet1_0": 4_383_312,
            "mnasnet1_3": 6_282_256, "convnext_tiny": 28_589_128, "convnext_small": 50_223_688,
            "convnext_base": 88_591_464, "convnext_large": 197_767_336, "densenet121": 7_978_856,
            "densenet161": 28_681_000, "densenet169": 14_149_480, "densenet201": 20_013_928,
            "efficientnet_v2_s": 21_458_488, "efficientnet_v2_m": 54_139_356, "efficientnet_v2_l": 118_515_272,
            "squeezenet1_0": 1_248_424, "squeezenet1_1": 1_235_496, "shufflenet_v2_x0_5": 1_366_792,
            "shufflenet_v2_x1_0": 2_278_604, "shufflenet_v2_x1_5": 3_503_624, "shufflenet_v2_x2_0": 7_393_996,
            "googlenet": 13_004_888, "inception_v3": 27_161_264, "vit_b_16": 86_567_656, "vit_b_32": 88_224_232,
            "vit_l_16": 304_326_632, "vit_l_32": 306_535_400, "vit_h_14": 632_045_800,
            "swin_t": 28_288_354, "swin_s": 49_606_258, "swin_b": 87_768_224, "swin_v2_t": 28_351_570,
            "swin_v2_s": 49_737_442, "swin_v2_b": 87_930_848,
        ]
        for (name, count) in expected {
            XCTAssertEqual(GraphSummary.totals(graph(name), batchSize: 1).parameters, count, name)
        }
    }

    func testStateDictNamesAndShapesEqualTorchvision() throws {
        for name in [
            "resnet18", "vgg11", "alexnet", "resnet50", "resnet101", "resnet152", "resnext50_32x4d", "resnext101_32x8d",
            "resnext101_64x4d", "wide_resnet50_2", "wide_resnet101_2", "mobilenet_v2", "mobilenet_v3_large",
            "mobilenet_v3_small",
        ] + (0...7).map({ "efficientnet_b\($0)" }) + Self.regNets + Self.mnasNets + Self.convNeXts + Self.denseNets
            + ["s", "m", "l"].map { "efficientnet_v2_\($0)" } + Self.squeezeNets + Self.shuffleNets + [
                "googlenet", "inception_v3", "vit_b_16", "vit_b_32", "vit_l_16", "vit_l_32", "vit_h_14", "swin_t",
                "swin_s", "swin_b", "swin_v2_t", "swin_v2_s", "swin_v2_b",
            ]
        {
            let ours = stateDict(graph(name))
            let theirs = try fixtureShapes(name)
            XCTAssertEqual(ours.map(\.0), theirs.map(\.0), name)
            XCTAssertEqual(ours.map(\.1), theirs.map(\.1), name)
        }
    }

    func testNetworksMultiplyAccumulateAsTorchvisionCounts() {
        let giga = [
            "resnet50": 4.09, "resnet101": 7.80, "resnet152": 11.51, "resnext50_32x4d": 4.23, "resnext101_32x8d": 16.41,
            "resnext101_64x4d": 15.46, "wide_resnet50_2": 11.40, "wide_resnet101_2": 22.75, "mobilenet_v2": 0.30,
            "mobilenet_v3_large": 0.22, "mobilenet_v3_small": 0.06, "efficientnet_b0": 0.39, "efficientnet_b1": 0.69,
            "efficientnet_b2": 1.09, "efficientnet_b3": 1.83, "efficientnet_b4": 4.39, "efficientnet_b5": 10.27,
            "efficientnet_b6": 19.07, "efficientnet_b7": 37.75, "regnet_y_400mf": 0.402, "regnet_y_800mf": 0.834,
            "regnet_y_1_6gf": 1.612, "regnet_y_3_2gf": 3.176, "regnet_y_8gf": 8.473, "regnet_y_16gf": 15.912,
            "regnet_y_32gf": 32.28, "regnet_x_400mf": 0.414, "regnet_x_800mf": 0.8, "regnet_x_1_6gf": 1.603,
            "regnet_x_3_2gf": 3.177, "regnet_x_8gf": 7.995, "regnet_x_16gf": 15.941, "regnet_x_32gf": 31.736,
            "mnasnet0_5": 0.104, "mnasnet0_75": 0.215, "mnasnet1_0": 0.314, "mnasnet1_3": 0.526, "convnext_tiny": 4.46,
            "convnext_small": 8.68, "convnext_base": 15.36, "convnext_large": 34.36, "densenet121": 2.83,
            "densenet161": 7.73, "densenet169": 3.36, "densenet201": 4.29, "efficientnet_v2_s": 8.37,
            "efficientnet_v2_m": 24.58, "efficientnet_v2_l": 56.08, "squeezenet1_0": 0.82, "squeezenet1_1": 0.35,
            "shufflenet_v2_x0_5": 0.04, "shufflenet_v2_x1_0": 0.14, "shufflenet_v2_x1_5": 0.30,
            "shufflenet_v2_x2_0": 0.58, "vit_b_16": 17.56, "vit_b_32": 4.41, "vit_l_16": 61.55, "vit_l_32": 15.38,
            "vit_h_14": 167.29, "swin_t": 4.491, "swin_s": 8.741, "swin_b": 15.431, "swin_v2_t": 5.94,
            "swin_v2_s": 11.546,
            "swin_v2_b": 20.325,
        ]
        for (name, expected) in giga {
            let macs = Double(GraphSummary.totals(graph(name), batchSize: 1).macsPerImage) / 1e9
            // torchvision documents two or three decimals, rounded (convnext_base's 0.03% above the count of its
            // convolutions and linear layers).
            XCTAssertEqual(
                macs, expected, accuracy: max(0.005, expected * 0.0005),
                "\(name): torchvision's documented GFLOPS at its default input")
        }
    }

    func testMobileNetV2CutsBetweenEveryBlockAndNeverInsideOne() throws {
        let g = graph("mobilenet_v2")
        let cuts = CutPoints.candidates(g.layers, input: g.input).map(\.name)
        XCTAssertEqual(cuts, (0...17).map { "features.\($0)" } + ["classifier.0"])
        let shapes = Dictionary(g.inferred.map { ($0.layer.name, $0.output) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(shapes["features.6"], .image(32, 28, 28))
        XCTAssertEqual(shapes["features.18.2"], .image(1280, 7, 7))
        XCTAssertTrue(g.layers.first { $0.name == "features.3" }?.op is ResidualOp, "24 to 24 channels at stride 1")
        XCTAssertTrue(g.layers.first { $0.name == "features.4" }?.op is SequenceOp, "stride 2: no addition")
        XCTAssertNil(CutPoints.cut(named: "features.3.conv.1", in: g.layers, input: g.input), "inside a block")
    }

    func testEfficientNetCutsBetweenStagesWithStochasticDepthGrowingWithDepth() throws {
        let g = graph("efficientnet_b0")
        XCTAssertEqual(
            CutPoints.candidates(g.layers, input: g.input).map(\.name),
            (0...8).map { "features.\($0)" }.dropLast() + [
                "classifier.0"
            ])
        let drops = g.layers.flatMap(\.flattened).compactMap { ($0.op as? StochasticDepthOp)?.p }
        XCTAssertEqual(drops.count, 9, "one per block that adds its input")
        XCTAssertEqual(drops.first ?? 0, 0.2 * 2 / 16, accuracy: 1e-12, "features.2.1 is block 2 of 16")
        XCTAssertEqual(drops, drops.sorted())
    }

    func testSeedCNNEqualsTheGoldenWeightsFile() throws {
        let theirs = Dictionary(
            uniqueKeysWithValues: try safetensorsShapes(try Fixtures.path("seed_cnn.weights.safetensors")))
        let ours = Dictionary(uniqueKeysWithValues: stateDict(graph("seed-cnn")))
        XCTAssertEqual(ours, theirs)
    }

    func testSeedCNNAdaptsItsFirstLinearLayerToTheInput() {
        let ours = stateDict(graph("seed-cnn", input: .image(3, 32, 32), classes: 5))
        XCTAssertEqual(ours.first { $0.0 == "conv1.weight" }?.1, [32, 3, 3, 3])
        XCTAssertEqual(ours.first { $0.0 == "fc1.weight" }?.1, [256, 128 * 4 * 4])
        XCTAssertEqual(ours.last?.1, [5])
    }

    func testResNetOutputShapesAt224() {
        let g = graph("resnet18")
        let shapes = Dictionary(g.inferred.map { ($0.layer.name, $0.output) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(shapes["maxpool"], .image(64, 56, 56))
        XCTAssertEqual(shapes["layer4.1"], .image(512, 7, 7))
        XCTAssertEqual(g.output, TensorShape([1000]))
        XCTAssertEqual(
            GraphSummary.totals(g, batchSize: 1).macsPerImage, 1_814_073_344, "torchvision resnet18: 1.81 GMAC")
    }

    func testAlexNetCollapsesOnTinyInputs() {
        let (_, problems) = TransferGraph.zoo(ModelZoo.model(named: "alexnet")!, input: .image(3, 16, 16))
        XCTAssertEqual(problems.first?.code, "shape/collapse")
        XCTAssertEqual(problems.first?.layer.name, "features.5")
    }
}
