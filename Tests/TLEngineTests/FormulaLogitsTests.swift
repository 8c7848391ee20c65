import TLGraph
import XCTest

@testable import TLEngine

/// Full-size zoo networks against PyTorch: every tensor filled from `FormulaWeights` (as make_fixtures.py fills
/// torchvision's model), eval-mode logits on a formula input within 1e-4 of PyTorch's.
final class FormulaLogitsTests: XCTestCase {
    private static let batch = 2
    /// Buffers computed from a layer's geometry (Swin's window indices), kept as the layer makes them (as make_fixtures.py
    /// keeps torchvision's), and BatchNorm's count.
    private static let geometryBuffers = ["relative_position_index", "relative_coords_table", "num_batches_tracked"]

    /// Compiles the evaluation plan of zoo model `name` at 3x224x224 with formula weights and compares its logits.
    private func assertLogitsMatchPyTorch(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let model = try XCTUnwrap(ModelZoo.model(named: name))
        let input = TensorShape([3, 224, 224])
        let layers = ShapeInference.run(model.build(model.defaultClasses), input: input).layers
        let names = Set(layers.flatMap(\.flattened).map(\.name))
        let store = try ParameterStore(layers: [], seed: 0)
        let network = try CompiledNetwork(
            layers: layers, input: input, batchSize: Self.batch, store: store, frozen: names)
        for parameter in store.parameters where !Self.geometryBuffers.contains(where: parameter.name.hasSuffix) {
            try store.set(parameter.name, values: FormulaWeights.tensor(parameter.name, shape: parameter.shape))
        }
        network.input.buffer.copy(
            from: FormulaWeights.uniform("input", count: Self.batch * input.elementCount).map { Float($0) })
        network.forward(training: false)
        assertClose(
            network.output.values, try Golden("\(name).formula_logits.safetensors").values("logits"), "\(name) logits",
            file: file, line: line)
    }

    func testResNets() throws {
        for name in ["resnet50", "resnet101", "resnet152"] { try assertLogitsMatchPyTorch(name) }
    }

    func testResNeXts() throws {
        for name in ["resnext50_32x4d", "resnext101_32x8d", "resnext101_64x4d"] { try assertLogitsMatchPyTorch(name) }
    }

    func testMobileNetV2() throws { try assertLogitsMatchPyTorch("mobilenet_v2") }

    func testEfficientNets() throws {
        for variant in 0...7 { try assertLogitsMatchPyTorch("efficientnet_b\(variant)") }
    }

    func testRegNets() throws {
        for kind in ["x", "y"] {
            for size in ["400mf", "800mf", "1_6gf", "3_2gf", "8gf", "16gf", "32gf"] {
                try assertLogitsMatchPyTorch("regnet_\(kind)_\(size)")
            }
        }
    }

    func testEfficientNetV2s() throws {
        for size in ["s", "m", "l"] { try assertLogitsMatchPyTorch("efficientnet_v2_\(size)") }
    }

    func testSqueezeNets() throws {
        for version in ["1_0", "1_1"] { try assertLogitsMatchPyTorch("squeezenet\(version)") }
    }

    func testShuffleNets() throws {
        for width in ["0_5", "1_0", "1_5", "2_0"] { try assertLogitsMatchPyTorch("shufflenet_v2_x\(width)") }
    }

    func testGoogLeNetAndInceptionV3WithTheirInputTransformsAndAuxiliaryClassifiers() throws {
        for name in ["googlenet", "inception_v3"] { try assertLogitsMatchPyTorch(name) }
    }

    func testDenseNets() throws {
        for depth in [121, 161, 169, 201] { try assertLogitsMatchPyTorch("densenet\(depth)") }
    }

    func testConvNeXts() throws {
        for size in ["tiny", "small", "base", "large"] { try assertLogitsMatchPyTorch("convnext_\(size)") }
    }

    func testMNASNets() throws {
        for alpha in ["0_5", "0_75", "1_0", "1_3"] { try assertLogitsMatchPyTorch("mnasnet\(alpha)") }
    }

    func testMobileNetV3() throws {
        for name in ["mobilenet_v3_large", "mobilenet_v3_small"] { try assertLogitsMatchPyTorch(name) }
    }

    func testWideResNets() throws {
        for name in ["wide_resnet50_2", "wide_resnet101_2"] { try assertLogitsMatchPyTorch(name) }
    }

    func testVisionTransformers() throws {
        for name in ["vit_b_16", "vit_b_32", "vit_l_32"] { try assertLogitsMatchPyTorch(name) }
    }

    func testSwinTransformers() throws {
        for name in ["swin_t", "swin_s", "swin_b", "swin_v2_t", "swin_v2_s", "swin_v2_b"] {
            try assertLogitsMatchPyTorch(name)
        }
    }
}
