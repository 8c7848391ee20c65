import Foundation
import TLEngine
import TLGraph
import TLIO
import TLLayerCatalog
import TLTestSupport
import XCTest

@testable import TLONNX

/// Exported models pass onnx's full checker and give tlrun's own logits in ONNX Runtime (max absolute difference
/// 1e-4, same top-1), at opsets 13 and 17, with a fixed and a dynamic batch.
final class ONNXExportTests: XCTestCase {
    private let python = repositoryRoot + "/.build/onnx-venv/bin/python"
    private let batch = 16

    /// A network from inline layer-language lines, with PyTorch-style initial weights, BatchNorm statistics and
    /// affine parameters set to trained-looking values, and `weightsFile`'s tensors over them when given.
    private func network(_ model: String, input: [Int], classes: Int = 5, weightsFile: String? = nil) throws -> (
        layers: [Layer], store: ParameterStore, input: TensorShape
    ) {
        let file = temporaryFolder("onnx") + "/p.yaml"
        try """
        version: 1
        name: onnx
        source:
          input: \(input)
          weights: random
          model:
        \(model.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        dataset: {type: synthetic, classes: \(classes), size: \(input[1]), channels: \(input[0])}
        head: []
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let validation = PipelineValidator.standard.validate(file: file)
        XCTAssertTrue(validation.isValid, validation.diagnostics.map(\.message).joined(separator: "\n"))
        let graph = try XCTUnwrap(validation.graph)
        let store = try ParameterStore(layers: graph.layers, seed: 11)
        var random = SystemRandomNumberGenerator()
        for parameter in store.parameters
        where parameter.name.contains("running_") || parameter.name.hasSuffix("bn.weight") {
            let values = (0..<parameter.count).map { _ in Float.random(in: 0.5...1.5, using: &random) }
            try store.set(
                parameter.name, values: parameter.name.hasSuffix("running_mean") ? values.map { $0 - 1 } : values)
        }
        if let weightsFile {
            for tensor in try Safetensors.read(path: weightsFile).tensors where store[tensor.name] != nil {
                try store.set(tensor.name, values: tensor.floatValues)
            }
        }
        return (graph.layers, store, graph.input)
    }

    /// tlrun's logits for `inputs` in evaluation mode.
    private func logits(_ network: (layers: [Layer], store: ParameterStore, input: TensorShape), _ inputs: [Float])
        throws -> [Float]
    {
        let names = Set(network.layers.flatMap(\.flattened).map(\.name))
        let modes = Dictionary(
            uniqueKeysWithValues: network.layers.flatMap(\.flattened).filter(\.op.hasRunningStatistics).map {
                ($0.name, BatchNormMode.frozen)
            })
        let plan = try CompiledNetwork(
            layers: network.layers, input: network.input, batchSize: batch, store: network.store,
            frozen: names, batchNormModes: modes)
        plan.input.buffer.copy(from: inputs)
        plan.forward(training: false)
        return plan.output.values
    }

    /// Exports `network` at each opset and batch form, runs ONNX Runtime, and compares with tlrun.
    private func assertONNXRuntimeAgrees(
        _ network: (layers: [Layer], store: ParameterStore, input: TensorShape),
        opsets: [Int] = [13, 17], line: UInt = #line
    ) throws {
        XCTAssertTrue(
            FileManager.default.isExecutableFile(atPath: python), "run scripts/setup.sh: it makes \(python)", line: line
        )
        let folder = temporaryFolder("onnx-run")
        // Full-size models' exports take hundreds of megabytes each: nothing is left behind.
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var random = SystemRandomNumberGenerator()
        let inputs = (0..<(batch * network.input.elementCount)).map { _ in Float.random(in: -1...1, using: &random) }
        try Float32Files.write(inputs, to: folder + "/in.bin")
        let expected = try logits(network, inputs)
        let tensors = Dictionary(uniqueKeysWithValues: network.store.parameters.map { ($0.name, $0.value.array) })
        for opset in opsets {
            for fixedBatch in [batch, nil] as [Int?] {
                var options = ONNXExport.Options()
                options.opset = opset
                options.batch = fixedBatch
                let model = folder + "/m\(opset)-\(fixedBatch ?? 0).onnx"
                try ONNXExport.model(layers: network.layers, input: network.input, tensors: tensors, options: options)
                    .write(to: URL(fileURLWithPath: model))
                let run = try runCommand(
                    python,
                    [
                        repositoryRoot + "/Tests/TLONNXTests/onnx_check.py", model, folder + "/in.bin",
                        folder + "/out.bin", "\(batch)",
                    ] + network.input.dims.map(String.init))
                XCTAssertEqual(
                    run.status, 0, "opset \(opset), batch \(fixedBatch.map(String.init) ?? "dynamic"): \(run.stderr)",
                    line: line)
                guard run.status == 0 else { continue }
                let got = try Float32Files.read(folder + "/out.bin")
                XCTAssertEqual(got.count, expected.count, line: line)
                // Relative to the logits' scale: an untrained Inception v3 (torchvision's std-0.1 initialisation, no
                // running statistics yet) has logits around a million.
                let scale = max(1, expected.map(abs).max() ?? 1)
                let difference = zip(got, expected).map { abs($0 - $1) }.max() ?? .infinity
                XCTAssertLessThanOrEqual(
                    difference / scale, 1e-4, "opset \(opset), batch \(fixedBatch.map(String.init) ?? "dynamic")",
                    line: line)
                let classes = expected.count / batch
                for row in 0..<batch {
                    let mine = expected[(row * classes)..<((row + 1) * classes)],
                        theirs = got[(row * classes)..<((row + 1) * classes)]
                    XCTAssertEqual(
                        mine.firstIndex(of: mine.max()!), theirs.firstIndex(of: theirs.max()!), "top-1 of input \(row)",
                        line: line)
                }
            }
        }
    }

    func testSeedCNNWithItsFixtureWeights() throws {
        try assertONNXRuntimeAgrees(
            try network(
                """
                - {op: conv2d, name: conv1, out_channels: 32, kernel_size: 3, padding: 1}
                - {op: relu, name: conv1.relu}
                - {op: maxpool2d, name: conv1.pool, kernel_size: 2}
                - {op: conv2d, name: conv2, out_channels: 64, kernel_size: 3, padding: 1}
                - {op: relu, name: conv2.relu}
                - {op: maxpool2d, name: conv2.pool, kernel_size: 2}
                - {op: conv2d, name: conv3, out_channels: 128, kernel_size: 3, padding: 1}
                - {op: relu, name: conv3.relu}
                - {op: maxpool2d, name: conv3.pool, kernel_size: 2}
                - {op: flatten, name: flatten}
                - {op: linear, name: fc1, out_features: 256}
                - {op: relu, name: fc1.relu}
                - {op: dropout, name: fc1.dropout}
                - {op: linear, name: fc2, out_features: 128}
                - {op: relu, name: fc2.relu}
                - {op: linear, name: fc3, out_features: 10}
                """, input: [1, 28, 28], classes: 10, weightsFile: try Fixtures.path("seed_cnn.weights.safetensors")))
    }

    func testResNetMiniWithItsFixtureWeights() throws {
        try assertONNXRuntimeAgrees(
            try network(
                Fixtures.resnetMiniModel,
                input: [3, 32, 32], weightsFile: try Fixtures.path("resnet_mini.weights.safetensors")))
    }

    func testAlexNetAndVGGStyleNetworks() throws {
        try assertONNXRuntimeAgrees(
            try network(
                """
                - {op: conv2d, name: features.0, out_channels: 16, kernel_size: 11, stride: 4, padding: 2}
                - {op: relu, name: features.1}
                - {op: maxpool2d, name: features.2, kernel_size: 3, stride: 2}
                - {op: conv2d, name: features.3, out_channels: 24, kernel_size: 5, padding: 2}
                - {op: relu, name: features.4}
                - {op: maxpool2d, name: features.5, kernel_size: 3, stride: 2}
                - {op: adaptive_avgpool2d, name: avgpool, output_size: 3}
                - {op: flatten, name: flatten}
                - {op: dropout, name: classifier.0}
                - {op: linear, name: classifier.1, out_features: 32}
                - {op: relu, name: classifier.2}
                - {op: linear, name: classifier.3, out_features: 5}
                """, input: [3, 111, 111]))
        try assertONNXRuntimeAgrees(
            try network(
                """
                - {op: conv2d, name: features.0, out_channels: 8, kernel_size: 3, padding: 1}
                - {op: relu, name: features.1}
                - {op: maxpool2d, name: features.2, kernel_size: 2, stride: 2}
                - {op: conv2d, name: features.3, out_channels: 16, kernel_size: 3, padding: 1}
                - {op: relu, name: features.4}
                - {op: maxpool2d, name: features.5, kernel_size: 2, stride: 2}
                - {op: adaptive_avgpool2d, name: avgpool, output_size: 2}
                - {op: flatten, name: flatten}
                - {op: linear, name: classifier.0, out_features: 32}
                - {op: relu, name: classifier.1}
                - {op: dropout, name: classifier.2}
                - {op: linear, name: classifier.3, out_features: 5}
                """, input: [3, 16, 16]))
    }

    func testEveryLayerTypeInOneInlineModel() throws {
        let model = """
            - {op: conv2d, name: stem, out_channels: 8, kernel_size: 3, padding: 1}
            - {op: batchnorm2d, name: stem.bn}
            - {op: leaky_relu, name: stem.act, negative_slope: 0.2}
            - {op: conv2d, name: grouped, out_channels: 8, kernel_size: 3, padding: 2, dilation: 2, groups: 2}
            - {op: conv2d, name: depthwise, out_channels: 8, kernel_size: 3, stride: 2, padding: 1, groups: 8, bias: false}
            - {op: sigmoid, name: gate}
            - {op: tanh, name: squash}
            - {op: softplus, name: smooth}
            - {op: relu6, name: clipped}
            - {op: hardswish, name: hard}
            - {op: silu, name: swish}
            - {op: hardsigmoid, name: hard_gate}
            - {op: channel_shuffle, name: shuffle, groups: 4}
            - {op: maxpool2d, name: pool, kernel_size: 3, stride: 1, padding: 1, dilation: 1}
            - {op: avgpool2d, name: average, kernel_size: 2, stride: 2, count_include_pad: false}
            - {op: basic_block, name: block, out_channels: 12, stride: 2}
            - {op: adaptive_avgpool2d, name: adaptive, output_size: 1}
            - {op: flatten, name: flatten}
            - {op: linear, name: fc1, out_features: 16}
            - {op: batchnorm1d, name: fc1.bn}
            - {op: relu, name: fc1.act}
            - {op: gelu, name: fc1.gelu}
            - {op: dropout, name: fc1.drop, p: 0.3}
            - {op: stochastic_depth, name: fc1.drop_images, p: 0.1}
            - {op: linear, name: fc2, out_features: 5}
            """
        let missing = LayerCatalog.language.syntaxes.map { $0.tag }.filter {
            !["global_avgpool", "layernorm", "token_pool"].contains($0) && !model.contains("op: \($0),")
        }
        XCTAssertEqual(
            missing, [],
            "every layer type is in this model (global_avgpool in the second, layernorm, opset 17, below, token_pool "
                + "with the ViTs)")
        try assertONNXRuntimeAgrees(try network(model, input: [3, 20, 20]))
        try assertONNXRuntimeAgrees(
            try network(
                model.replacingOccurrences(
                    of: "{op: adaptive_avgpool2d, name: adaptive, output_size: 1}\n- {op: flatten, name: flatten}",
                    with: "{op: global_avgpool, name: adaptive}"), input: [3, 20, 20]))
    }

    func testBottleneckNetworksWithGroupedConvolutions() throws {
        for name in ["resnet50", "resnext50_32x4d", "regnet_y_400mf"] {
            let input = TensorShape([3, 32, 32])
            let layers = ShapeInference.run(try XCTUnwrap(ModelZoo.model(named: name)).build(5), input: input).layers
            try assertONNXRuntimeAgrees((layers, ParameterStore(layers: layers, seed: 11), input), opsets: [17])
        }
    }

    func testMobileNetsWithTheirSequenceBlocksLinearAdditionsAndGates() throws {
        for name in ["mobilenet_v2", "mobilenet_v3_small", "efficientnet_b0"] {
            let input = TensorShape([3, 32, 32])
            let layers = ShapeInference.run(try XCTUnwrap(ModelZoo.model(named: name)).build(5), input: input).layers
            try assertONNXRuntimeAgrees((layers, ParameterStore(layers: layers, seed: 12), input), opsets: [13, 17])
        }
    }

    func testDenseNetSqueezeNetAndShuffleNetWithTheirConcatenationsChunksAndShuffles() throws {
        for name in ["densenet121", "squeezenet1_0", "shufflenet_v2_x0_5"] {
            let input = TensorShape([3, 32, 32])
            let layers = ShapeInference.run(try XCTUnwrap(ModelZoo.model(named: name)).build(5), input: input).layers
            try assertONNXRuntimeAgrees((layers, ParameterStore(layers: layers, seed: 15), input), opsets: [13, 17])
        }
    }

    func testGoogLeNetAndInceptionV3WithTheirInputTransformsAndNoAuxiliaryClassifiers() throws {
        for (name, size) in [("googlenet", 32), ("inception_v3", 75)] {
            let input = TensorShape([3, size, size])
            let layers = ShapeInference.run(try XCTUnwrap(ModelZoo.model(named: name)).build(5), input: input).layers
            try assertONNXRuntimeAgrees((layers, ParameterStore(layers: layers, seed: 16), input), opsets: [17])
        }
    }

    func testVisionTransformersWithTheirTokensSelfAttentionAndBothTokenPoolings() throws {
        for (name, size, pool) in [("vit_b_16", 48, TokenPoolOp.Source.classToken), ("vit_b_32", 64, .patchMean)] {
            let input = TensorShape([3, size, size])
            let built = try XCTUnwrap(ModelZoo.model(named: name)).build(5).map {
                $0.op is TokenPoolOp ? $0.with(TokenPoolOp(pool)) : $0
            }
            let layers = ShapeInference.run(built, input: input).layers
            let store = try ParameterStore(layers: layers, seed: 17)
            // The class token and the head start at zero; made random, every path reaches the logits.
            for tensor in store.parameters where tensor.name == "class_token" || tensor.name.hasPrefix("heads.head") {
                tensor.value.copy(from: (0..<tensor.count).map { Float(($0 * 37) % 17) / 17 - 0.5 })
            }
            try assertONNXRuntimeAgrees((layers, store, input), opsets: [17, 21])
        }
    }

    func testSwinTransformersWithShiftedPaddedWindowsAndPatchMerging() throws {
        // At 64x64 the stages' maps are 16, 8, 4 and 2 positions wide: swin_t's 7x7 windows pad all of them and roll the
        // first two, swin_v2_t's 8x8 windows pad the last two and roll the first.
        for name in ["swin_t", "swin_v2_t"] {
            let input = TensorShape([3, 64, 64])
            let layers = ShapeInference.run(try XCTUnwrap(ModelZoo.model(named: name)).build(5), input: input).layers
            let store = try ParameterStore(layers: layers, seed: 18)
            // V2's keys' bias is left out: made non-zero, the export must leave it out too.
            for bias in store.parameters where bias.name.hasSuffix("qkv.bias") {
                bias.value.copy(from: (0..<bias.count).map { Float($0 % 5) / 5 - 0.4 })
            }
            try assertONNXRuntimeAgrees((layers, store, input), opsets: [17, 21])
        }
    }

    func testConvNeXtWithItsLayerNormsPointwiseLinearLayersAndLayerScales() throws {
        let input = TensorShape([3, 32, 32])
        let layers = ShapeInference.run(try XCTUnwrap(ModelZoo.model(named: "convnext_tiny")).build(5), input: input)
            .layers
        let store = try ParameterStore(layers: layers, seed: 13)
        for scale in store.parameters where scale.name.hasSuffix("layer_scale") {
            scale.value.copy(from: (0..<scale.count).map { Float($0 % 7) / 7 + 0.1 })
        }
        try assertONNXRuntimeAgrees((layers, store, input), opsets: [17, 21])
        let tensors = Dictionary(uniqueKeysWithValues: store.parameters.map { ($0.name, $0.value.array) })
        var options = ONNXExport.Options()
        options.opset = 13
        XCTAssertThrowsError(try ONNXExport.model(layers: layers, input: input, tensors: tensors, options: options)) {
            XCTAssertEqual($0 as? ONNXError, .layerNeedsOpset(layer: "features.0.1", kind: "layernorm", opset: 17))
        }
    }

    func testGELUIsExactAtEveryOpset() throws {
        let network = try network(
            """
            - {op: flatten, name: flatten}
            - {op: linear, name: fc1, out_features: 8}
            - {op: gelu, name: act}
            - {op: linear, name: fc2, out_features: 8}
            - {op: gelu, name: act2, approximate: tanh}
            - {op: linear, name: fc3, out_features: 5}
            """, input: [1, 4, 4])
        let tensors = Dictionary(uniqueKeysWithValues: network.store.parameters.map { ($0.name, $0.value.array) })
        var options = ONNXExport.Options()
        options.opset = 12
        XCTAssertThrowsError(
            try ONNXExport.model(layers: network.layers, input: network.input, tensors: tensors, options: options)
        ) { error in
            XCTAssertEqual(error as? ONNXError, .unsupportedOpset(12, supported: 13...21))
        }
        try assertONNXRuntimeAgrees(network, opsets: [13, 17, 20, 21])
    }

    func testMissingOrMisSizedWeightsAreRefusedByName() throws {
        let network = try network(
            """
            - {op: flatten, name: flatten}
            - {op: linear, name: fc, out_features: 5}
            """, input: [1, 2, 2])
        var tensors = Dictionary(uniqueKeysWithValues: network.store.parameters.map { ($0.name, $0.value.array) })
        tensors["fc.bias"] = [1, 2]
        XCTAssertThrowsError(
            try ONNXExport.model(
                layers: network.layers, input: network.input, tensors: tensors, options: ONNXExport.Options())
        ) {
            XCTAssertEqual($0 as? ONNXError, .tensorSize("fc.bias", expected: 5, got: 2))
        }
        tensors["fc.weight"] = nil
        XCTAssertThrowsError(
            try ONNXExport.model(
                layers: network.layers, input: network.input, tensors: tensors, options: ONNXExport.Options())
        ) {
            XCTAssertEqual($0 as? ONNXError, .missingTensor("fc.weight"))
        }
    }

    func testAnAdaptivePoolThatDoesNotDivideItsInputIsRefusedByName() throws {
        let network = try network(
            """
            - {op: adaptive_avgpool2d, name: squeeze, output_size: 3}
            - {op: flatten, name: flatten}
            - {op: linear, name: fc, out_features: 5}
            """, input: [1, 7, 7])
        XCTAssertThrowsError(
            try ONNXExport.model(
                layers: network.layers, input: network.input,
                tensors: Dictionary(uniqueKeysWithValues: network.store.parameters.map { ($0.name, $0.value.array) }),
                options: ONNXExport.Options())
        ) { error in
            guard case .unsupportedLayer(let layer, _, let reason) = error as? ONNXError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(layer, "squeeze")
            XCTAssertTrue(reason.contains("7x7 input does not divide into 3x3"), reason)
        }
    }
}
