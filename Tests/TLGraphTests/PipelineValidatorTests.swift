import Foundation
import TLConfig
import TLLayerCatalog
import XCTest

@testable import TLGraph

final class PipelineValidatorTests: XCTestCase {
    private func validate(_ text: String, overrides: [String] = [], offline: Bool = true) -> ValidationResult {
        let folder = temporaryFolder("graph")
        let file = folder + "/p.yaml"
        try! text.write(toFile: file, atomically: true, encoding: .utf8)
        return PipelineValidator.standard.validate(file: file, overrides: overrides, offline: offline)
    }

    private func errors(_ result: ValidationResult) -> [String] {
        result.diagnostics.filter { $0.severity != .note }.map {
            "\($0.code)@\($0.span.start.line):\($0.span.start.column)"
        }
    }

    private let resnet = """
        version: 1
        name: r
        source: {model: resnet18, input: [3, 64, 64], weights: random}
        dataset: {type: synthetic, classes: 4, channels: 3, size: 64}
        """

    func testCaseOneFreezesEverythingAndReplacesTheClassifier() {
        let result = validate(resnet + "\ncase: 1\n")
        XCTAssertEqual(errors(result), ["weights/frozen-random@3:56"])
        let graph = result.graph!
        XCTAssertEqual(graph.cutAfter, "flatten")
        XCTAssertEqual(graph.removed, ["fc"])
        XCTAssertEqual(graph.head.map(\.name), ["fc"], "the new classifier keeps torchvision's name")
        XCTAssertEqual(graph.output, TensorShape([4]))
        XCTAssertTrue(graph.frozen.contains("layer4.1.conv2"))
        XCTAssertEqual(
            graph.batchNormModes["layer1.0.bn1"], .frozen, "frozen BatchNorm uses and keeps its running statistics")
        XCTAssertEqual(GraphSummary.totals(graph, batchSize: 1).trainableParameters, 512 * 4 + 4)
    }

    func testCaseOneReplacesSqueezeNetsConvolutionalClassifierAsTorchvisionsRecipeDoes() {
        let result = validate(
            """
            version: 1
            name: s
            source: {model: squeezenet1_1, input: [3, 64, 64], weights: w.pth}
            dataset: {type: synthetic, classes: 4, channels: 3, size: 64}
            case: 1
            """)
        XCTAssertEqual(errors(result), [])
        let graph = result.graph!
        XCTAssertEqual(graph.cutAfter, "classifier.0")
        XCTAssertEqual(graph.removed, ["classifier.1", "classifier.2", "classifier.3", "flatten"])
        XCTAssertEqual(graph.head.map(\.name), ["classifier.1", "classifier.2", "classifier.3", "flatten"])
        XCTAssertEqual((graph.head.first?.op as? Conv2dOp)?.outChannels, 4, "a 1x1 convolution to the classes")
        XCTAssertEqual(graph.output, TensorShape([4]))
        XCTAssertEqual(GraphSummary.totals(graph, batchSize: 1).trainableParameters, 512 * 4 + 4)
    }

    func testGoogLeNetOnGrayImagesIsRefusedAtItsInputTransformWithTheFix() {
        let result = validate(
            """
            version: 1
            name: g
            source: {model: googlenet, input: [1, 64, 64], weights: random}
            dataset: {type: synthetic, classes: 4, channels: 1, size: 64}
            case: 4
            """)
        let problem = result.diagnostics.first { $0.code == "shape/channels" }
        XCTAssertNotNil(problem, "\(result.diagnostics.map(\.message))")
        XCTAssertTrue(problem?.message.contains("transform_input") ?? false, problem?.message ?? "")
        XCTAssertTrue(problem?.hint?.contains("3-channel") ?? false, problem?.hint ?? "no hint")
    }

    func testCaseTwoNeedsASliceAndAddsFlattenAndLinear() {
        XCTAssertTrue(errors(validate(resnet + "\ncase: 2\n")).contains("case/needs-slice@5:7"))
        let result = validate(resnet + "\ncase: 2\nslice: layer2\nsource: {weights: w.pth}\n", overrides: [])
        let graph = result.graph!
        XCTAssertEqual(graph.kept.last?.name, "layer2.1")
        XCTAssertEqual(graph.head.map(\.name), ["head.flatten", "head.fc"])
        XCTAssertEqual(graph.inferred.last?.input, TensorShape([128 * 8 * 8]))
    }

    func testCaseTwoOnAViTPoolsItsTokensAndOneReplacesItsHead() {
        let vit = resnet.replacingOccurrences(of: "resnet18", with: "vit_b_32")
        let early = validate(
            vit + "\ncase: 2\nslice: encoder.layers.encoder_layer_3\n", overrides: ["source.weights=w.pth"])
        XCTAssertEqual(errors(early), [])
        XCTAssertEqual(early.graph?.head.map(\.name), ["head.norm", "head.pool", "head.fc"])
        XCTAssertEqual(early.graph?.inferred.last?.input, TensorShape([768]))
        let probe = validate(vit + "\ncase: 1\n", overrides: ["source.weights=w.pth"])
        XCTAssertEqual(probe.graph?.head.map(\.name), ["heads.head"])
        XCTAssertEqual(probe.graph?.kept.last?.name, "class_token_features")
    }

    func testCaseThreeTrainsEverythingAndWarnsAboutRandomWeights() {
        let result = validate(resnet + "\ncase: 3\n")
        XCTAssertEqual(errors(result), ["case/conflict@3:56"])
        XCTAssertTrue(result.graph!.frozen.isEmpty)
        XCTAssertEqual(result.graph!.batchNormModes["bn1"], .train)
    }

    func testAWrittenFreezeWinsOverTheCaseWithAWarning() {
        let result = validate(resnet + "\ncase: 1\nfreeze: none\n", overrides: ["source.weights=w.safetensors"])
        XCTAssertEqual(errors(result), ["case/conflict@6:9"])
        XCTAssertTrue(result.graph!.frozen.isEmpty)
    }

    func testFreezeUpToWithTrainingBatchNormUnfreezingAndMultipliers() {
        let result = validate(
            resnet + """

                slice: {before: fc}
                head: [{op: linear, out_features: classes}]
                freeze:
                  up_to: layer2
                  batchnorm: train
                  unfreeze: [{epoch: 3, layers: [layer2]}]
                  lr_mult: {layer1: 0.1, "head.*": 10}
                """)
        XCTAssertEqual(
            errors(result), ["weights/frozen-random@3:56", "freeze/lr-mult-frozen@11:13"],
            "layer1 stays frozen (only layer2 is unfrozen), so its multiplier does nothing")
        let graph = result.graph!
        XCTAssertTrue(graph.frozen.contains("conv1") && graph.frozen.contains("layer2.1.conv2"))
        XCTAssertFalse(graph.frozen.contains("layer3.0.conv1"))
        XCTAssertEqual(
            graph.batchNormModes["bn1"], .train, "batchnorm: train keeps frozen BatchNorm on batch statistics")
        XCTAssertEqual(graph.unfreezeSteps.first?.epoch, 3)
        XCTAssertTrue(graph.unfreezeSteps.first!.layers.contains("layer2.0.downsample.0"))
        XCTAssertEqual(graph.lrMultipliers["layer1.1.conv1"], 0.1)
        XCTAssertEqual(graph.lrMultipliers["head.0"], 10)
    }

    func testSelectorsThatMatchNothingOrOnlyRemovedLayersAreErrors() {
        let result = validate(
            resnet + """

                slice: layer3
                head: [{op: global_avgpool}, {op: linear, out_features: classes}]
                freeze: {layers: [layer4, layr1, head.1]}
                """)
        XCTAssertEqual(errors(result), ["freeze/removed-layer@7:19", "freeze/no-match@7:27", "freeze/head@7:34"])
        XCTAssertEqual(result.diagnostics.first { $0.code == "freeze/no-match" }?.hint, "did you mean 'layer1'?")
    }

    func testTheSeedCNNPipelinesCutWhereTheProtocolSays() {
        let base = """
            version: 1
            name: s
            source: {model: seed-cnn, classes: 5, weights: w.pth}
            dataset: {type: synthetic, classes: 10}
            freeze: all
            head: [{op: flatten}, {op: linear, out_features: classes}]
            """
        let expected = ["conv1": 32 * 14 * 14, "conv2": 64 * 7 * 7, "conv3": 128 * 3 * 3, "fc1": 256, "fc2": 128]
        for (cut, features) in expected {
            let result = validate(base, overrides: ["slice=\(cut)"])
            XCTAssertEqual(errors(result), [], cut)
            XCTAssertEqual(
                result.graph?.head.last.flatMap { layer -> Int? in
                    if let op = layer.op as? LinearOp { return op.inFeatures }
                    return nil
                }, features, cut)
        }
    }

    func testDatasetImagesAreFollowedThroughTransformsAndAugmentation() {
        let base = """
            version: 1
            name: d
            source: {model: seed-cnn, weights: random}
            dataset:
              type: synthetic
              classes: 10
              size: 32
              channels: 3
              transforms: [{op: grayscale}, {op: center_crop, size: 28}, {op: normalize, mean: [0.5], std: [0.5]}]
              augment: [{op: random_crop, size: 24, padding: 2}]
            head: []
            """
        XCTAssertEqual(errors(validate(base)), ["data/size@10:37"])
        XCTAssertEqual(errors(validate(base, overrides: ["dataset.augment=[]"])), [])
        XCTAssertEqual(
            errors(validate(base, overrides: ["dataset.transforms=[]", "dataset.augment=[]"])),
            ["data/size@7:9", "data/channels@8:13"])
    }

    func testRealFashionMNISTClassNamesAreChecked() throws {
        try XCTSkipUnless(
            FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
            "Debian's dataset-fashion-mnist is not installed")
        let text = """
            version: 1
            name: f
            source: {model: seed-cnn, classes: 5, weights: random}
            dataset: {type: idx, path: /usr/share/datasets/fashion-mnist, classes: [Sneaker, Bagg, 12]}
            head: []
            """
        let result = validate(text, offline: false)
        XCTAssertEqual(
            errors(result), ["shape/head-classes@3:36", "data/unknown-class@4:82", "data/unknown-class@4:88"])
        XCTAssertEqual(result.diagnostics.first { $0.code == "data/unknown-class" }?.hint, "did you mean 'Bag'?")
        XCTAssertTrue(
            errors(validate(text.replacingOccurrences(of: "fashion-mnist,", with: "fashion-mnistt,"), offline: false))
                .contains("data/missing-path@4:28"))
    }

    func testValidationIsFastEnoughForEditorsAndCI() {
        let result = validate(resnet + "\ncase: 4\n")
        XCTAssertTrue(result.isValid, "\(errors(result))")
        XCTAssertEqual(
            GraphSummary.totals(result.graph!, batchSize: 64).activationBytes,
            result.graph!.inferred.reduce(0) { $0 + $1.output.elementCount } * 4 * 64)
    }
}
