import Foundation
import TLLayerCatalog
import XCTest

/// No plan of any zoo model or inline layer type runs a oneDNN reference implementation, under every instruction-set
/// cap oneDNN offers up to this machine's own (`ONEDNN_MAX_CPU_ISA` is read once per process, so each cap runs
/// `tlrun summary --kernels` in a child process). Nothing here depends on which implementations a CPU picks.
final class KernelChoiceTests: XCTestCase {
    private static let caps = ["SSE41", "AVX", "AVX2", "AVX512_CORE"]

    /// A pipeline that trains every layer of `source` on synthetic data of `channels`x`size`x`size`.
    private static func zooPipeline(_ model: String, channels: Int, size: Int) -> String {
        """
        version: 1
        name: kernels-\(model)-\(size)
        source: {model: \(model), input: [\(channels), \(size), \(size)], classes: 5, weights: random}
        dataset: {type: synthetic, classes: 5, size: \(size), channels: \(channels)}
        head: []
        freeze: none
        train: {batch_size: 16}
        """
    }

    /// An inline model with every layer type: 1-channel, grouped, depthwise, dilated, strided and 1x1 convolutions,
    /// both BatchNorms, every activation, every pooling, dropout and linear layers.
    private static let inlinePipeline = """
        version: 1
        name: kernels-inline
        source:
          input: [1, 20, 20]
          classes: 4
          weights: random
          model:
            - {op: conv2d, name: one_channel, out_channels: 12, kernel_size: 3, padding: 1}
            - {op: batchnorm2d, name: bn}
            - {op: layernorm, name: ln, num_features: 12}
            - {op: leaky_relu, name: leaky}
            - {op: relu6, name: relu6}
            - {op: hardswish, name: hardswish}
            - {op: silu, name: silu}
            - {op: hardsigmoid, name: hardsigmoid}
            - {op: conv2d, name: grouped, out_channels: 24, kernel_size: 3, padding: 1, groups: 3}
            - {op: channel_shuffle, name: shuffle, groups: 3}
            - {op: gelu, name: gelu}
            - {op: tanh, name: tanh}
            - {op: conv2d, name: depthwise, out_channels: 24, kernel_size: 3, padding: 1, groups: 24}
            - {op: conv2d, name: dilated, out_channels: 16, kernel_size: 3, padding: 2, dilation: 2, stride: 2}
            - {op: relu, name: relu}
            - {op: avgpool2d, name: avg, kernel_size: 2}
            - {op: maxpool2d, name: max, kernel_size: 2, ceil_mode: true}
            - {op: conv2d, name: pointwise, out_channels: 32, kernel_size: 1}
            - {op: basic_block, name: block, out_channels: 48, stride: 2}
            - {op: adaptive_avgpool2d, name: pool, output_size: 1}
            - {op: flatten, name: flatten}
            - {op: linear, name: fc1, out_features: 16}
            - {op: batchnorm1d, name: bn1d}
            - {op: layernorm, name: ln1d}
            - {op: gelu, name: gelu_tanh, approximate: tanh}
            - {op: softplus, name: softplus}
            - {op: sigmoid, name: sigmoid}
            - {op: dropout, name: drop, p: 0.2}
            - {op: stochastic_depth, name: drop_images, p: 0.2}
            - {op: linear, name: fc2, out_features: classes}
        dataset: {type: synthetic, classes: 4, size: 20, channels: 1}
        head: []
        freeze: none
        train: {batch_size: 16}
        """

    private func assertNoReferenceKernels(
        _ yaml: String, _ name: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let path = temporaryFolder() + "/\(name).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        for cap in Self.caps {
            var environment = ProcessInfo.processInfo.environment
            environment["ONEDNN_MAX_CPU_ISA"] = cap
            let result = try runCommand(
                tlrunBinary, ["summary", path, "--kernels", "--offline", "--format", "json"], environment: environment)
            XCTAssertEqual(result.status, 0, "\(name) under \(cap): \(result.stderr)", file: file, line: line)
            let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let kernels = try XCTUnwrap(
                json?["kernels"] as? [String: Any], "\(name) under \(cap): no kernels in \(result.stdout)",
                file: file, line: line)
            for plan in ["training", "evaluation"] {
                let choices = try XCTUnwrap(kernels[plan] as? [[String: Any]], file: file, line: line)
                XCTAssertFalse(choices.isEmpty, "\(name) \(plan) under \(cap)", file: file, line: line)
                for choice in choices where choice["reference"] as? Bool != false {
                    XCTFail(
                        "\(name) \(plan) plan under \(cap) (\(kernels["instruction_set"] ?? "?")): layer \(choice["layer"] ?? "?") runs "
                            + "\(choice["implementation"] ?? "?") for \(choice["operation"] ?? "?") \(choice["direction"] ?? "?") "
                            + "(\(choice["shapes"] ?? "?"))", file: file, line: line)
                }
            }
        }
    }

    func testSeedCNNOnGrayAndColourInputs() throws {
        try assertNoReferenceKernels(Self.zooPipeline("seed-cnn", channels: 1, size: 28), "seed-cnn-28")
        try assertNoReferenceKernels(Self.zooPipeline("seed-cnn", channels: 3, size: 32), "seed-cnn-32")
    }

    func testResNetsAt64() throws {
        try assertNoReferenceKernels(Self.zooPipeline("resnet18", channels: 3, size: 64), "resnet18-64")
        try assertNoReferenceKernels(Self.zooPipeline("resnet34", channels: 3, size: 64), "resnet34-64")
    }

    func testBottleneckNetworksAt64() throws {
        for model in [
            "resnet50", "resnext50_32x4d", "resnext101_64x4d", "wide_resnet50_2", "regnet_y_400mf", "regnet_x_400mf",
        ] {
            try assertNoReferenceKernels(Self.zooPipeline(model, channels: 3, size: 64), "\(model)-64")
        }
    }

    func testMobileNetsAt64() throws {
        try assertNoReferenceKernels(Self.zooPipeline("mobilenet_v2", channels: 3, size: 64), "mobilenet_v2-64")
        try assertNoReferenceKernels(
            Self.zooPipeline("mobilenet_v3_large", channels: 3, size: 64), "mobilenet_v3_large-64")
        try assertNoReferenceKernels(Self.zooPipeline("efficientnet_b0", channels: 3, size: 64), "efficientnet_b0-64")
        try assertNoReferenceKernels(
            Self.zooPipeline("efficientnet_v2_s", channels: 3, size: 64), "efficientnet_v2_s-64")
        try assertNoReferenceKernels(Self.zooPipeline("mnasnet0_5", channels: 3, size: 64), "mnasnet0_5-64")
    }

    func testConvNeXtAndDenseNetAt64() throws {
        try assertNoReferenceKernels(Self.zooPipeline("convnext_tiny", channels: 3, size: 64), "convnext_tiny-64")
        try assertNoReferenceKernels(Self.zooPipeline("densenet121", channels: 3, size: 64), "densenet121-64")
    }

    func testSqueezeNetAndShuffleNetAt64() throws {
        try assertNoReferenceKernels(Self.zooPipeline("squeezenet1_0", channels: 3, size: 64), "squeezenet1_0-64")
        try assertNoReferenceKernels(
            Self.zooPipeline("shufflenet_v2_x1_0", channels: 3, size: 64), "shufflenet_v2_x1_0-64")
    }

    func testGoogLeNetAndInceptionV3AtSmallInputs() throws {
        try assertNoReferenceKernels(Self.zooPipeline("googlenet", channels: 3, size: 64), "googlenet-64")
        try assertNoReferenceKernels(Self.zooPipeline("inception_v3", channels: 3, size: 75), "inception_v3-75")
    }

    func testVisionTransformersAtSmallInputs() throws {
        try assertNoReferenceKernels(Self.zooPipeline("vit_b_16", channels: 3, size: 48), "vit_b_16-48")
        try assertNoReferenceKernels(Self.zooPipeline("vit_b_32", channels: 3, size: 64), "vit_b_32-64")
    }

    func testSwinTransformersAtSmallInputs() throws {
        try assertNoReferenceKernels(Self.zooPipeline("swin_t", channels: 3, size: 64), "swin_t-64")
        try assertNoReferenceKernels(Self.zooPipeline("swin_v2_t", channels: 3, size: 64), "swin_v2_t-64")
    }

    func testVGG11AndAlexNetAtTheirSmallestInputs() throws {
        try assertNoReferenceKernels(Self.zooPipeline("vgg11", channels: 3, size: 32), "vgg11-32")
        try assertNoReferenceKernels(Self.zooPipeline("alexnet", channels: 3, size: 63), "alexnet-63")
    }

    func testAnInlineModelWithEveryLayerType() throws {
        let missing = LayerCatalog.language.syntaxes.map { $0.tag }.filter {
            !Self.inlinePipeline.contains("op: \($0),")
        }
        XCTAssertEqual(
            missing, ["global_avgpool", "token_pool"],
            "the inline model has every layer type (global pooling is adaptive pooling to 1; token pooling needs a "
                + "ViT's tokens, in the test below)")
        try assertNoReferenceKernels(Self.inlinePipeline, "inline")
    }

    func testAViTCutAtAnEncoderBlockWithATokenPoolingHead() throws {
        try assertNoReferenceKernels(
            """
            version: 1
            name: kernels-vit-cut
            source: {model: vit_b_32, input: [3, 64, 64], classes: 5, weights: random}
            dataset: {type: synthetic, classes: 5, size: 64, channels: 3}
            slice: encoder.layers.encoder_layer_5
            head:
              - {op: layernorm, name: head.norm}
              - {op: token_pool, name: head.pool, source: patch_mean}
              - {op: linear, name: head.fc, out_features: classes}
            freeze: none
            train: {batch_size: 16}
            """, "vit_b_32-cut")
    }

    func testTheTextFormNamesTheInstructionSetAndEveryPlan() throws {
        let result = try tlrun("summary", "pipelines/case1.yaml", "--offline", "--kernels")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("kernels on this CPU (oneDNN "), result.stdout)
        XCTAssertTrue(result.stdout.contains("instruction set "), result.stdout)
        XCTAssertTrue(result.stdout.contains("training plan:\nlayer"), result.stdout)
        XCTAssertTrue(result.stdout.contains("evaluation plan:\nlayer"), result.stdout)
        XCTAssertTrue(result.stdout.contains("no reference implementations"), result.stdout)
    }
}
