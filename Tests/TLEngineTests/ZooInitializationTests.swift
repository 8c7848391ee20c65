import XCTest

@testable import TLEngine
@testable import TLGraph

/// A zoo network made without weights starts as torchvision initialises it: each family's rule for its convolutions
/// and linear layers, checked by the spread and bounds of the values drawn.
final class ZooInitializationTests: XCTestCase {
    /// The tensors of zoo model `name` at its default input, freshly initialised.
    private func store(_ name: String) throws -> ParameterStore {
        let model = try XCTUnwrap(ModelZoo.model(named: name))
        let layers = ShapeInference.run(model.build(model.defaultClasses), input: model.defaultInput).layers
        return try ParameterStore(layers: layers, seed: 5)
    }

    /// The standard deviation (about zero) and largest magnitude of `values`.
    private func spread(_ values: [Float]) -> (deviation: Double, largest: Double) {
        let squares = values.reduce(0.0) { $0 + Double($1) * Double($1) }
        return ((squares / Double(values.count)).squareRoot(), Double(values.map(abs).max() ?? 0))
    }

    private func assertNormal(
        _ store: ParameterStore, _ name: String, std: Double, file: StaticString = #filePath, line: UInt = #line
    ) {
        let (deviation, largest) = spread(store[name]!.value.array)
        XCTAssertEqual(deviation, std, accuracy: std * 0.05, "\(name): standard deviation", file: file, line: line)
        XCTAssertGreaterThan(largest, 2.5 * std, "\(name): a normal's tails, not a uniform's", file: file, line: line)
    }

    private func assertUniform(
        _ store: ParameterStore, _ name: String, bound: Double, file: StaticString = #filePath, line: UInt = #line
    ) {
        let (deviation, largest) = spread(store[name]!.value.array)
        XCTAssertLessThanOrEqual(largest, bound, "\(name): within the bound", file: file, line: line)
        XCTAssertEqual(
            deviation, bound / 3.squareRoot(), accuracy: bound * 0.05, "\(name): uniform", file: file, line: line)
    }

    private func assertZero(_ store: ParameterStore, _ name: String, file: StaticString = #filePath, line: UInt = #line)
    {
        XCTAssertEqual(Set(store[name]!.value.array), [0], "\(name) starts at zero", file: file, line: line)
    }

    func testResNetsVGGsAndMobileNetsUseKaimingNormalOverTheFanOut() throws {
        let resnet = try store("resnet50")
        assertNormal(resnet, "conv1.weight", std: (2.0 / (64 * 49)).squareRoot())
        assertNormal(resnet, "layer3.0.conv2.weight", std: (2.0 / (256 * 9)).squareRoot())
        assertUniform(resnet, "fc.weight", bound: 1 / 2048.0.squareRoot())
        let mobile = try store("mobilenet_v2")
        assertNormal(mobile, "features.2.conv.1.0.weight", std: (2.0 / (96 * 9)).squareRoot())
        assertNormal(mobile, "classifier.1.weight", std: 0.01)
        assertZero(mobile, "classifier.1.bias")
        let regnet = try store("regnet_y_400mf")
        assertNormal(regnet, "fc.weight", std: 0.01)
    }

    func testEfficientNetMNASNetConvNeXtAndDenseNetFollowTheirOwnRules() throws {
        let efficient = try store("efficientnet_b0")
        assertUniform(efficient, "classifier.1.weight", bound: 1 / 1000.0.squareRoot())
        assertZero(efficient, "features.1.0.block.1.fc1.bias")
        let mnas = try store("mnasnet1_0")
        assertUniform(mnas, "classifier.1.weight", bound: (3 / 1000.0).squareRoot())
        let convnext = try store("convnext_tiny")
        assertNormal(convnext, "features.1.0.block.3.weight", std: 0.02)
        assertZero(convnext, "features.1.0.block.3.bias")
        let dense = try store("densenet121")
        assertNormal(dense, "features.conv0.weight", std: (2.0 / (3 * 49)).squareRoot())
        assertZero(dense, "classifier.bias")
    }

    func testSqueezeNetGoogLeNetAndInceptionV3AndTheDefaultsElsewhere() throws {
        let squeeze = try store("squeezenet1_0")
        assertNormal(squeeze, "classifier.1.weight", std: 0.01)
        assertUniform(squeeze, "features.0.weight", bound: (6 / 147.0).squareRoot())
        assertZero(squeeze, "features.3.expand3x3.bias")
        let google = try store("googlenet")
        assertNormal(google, "inception4a.branch2.1.conv.weight", std: 0.01)
        let inception = try store("inception_v3")
        assertNormal(inception, "Mixed_6b.branch7x7_2.conv.weight", std: 0.1)
        assertNormal(inception, "AuxLogits.fc.weight", std: 0.001)
        let shuffle = try store("shufflenet_v2_x1_0")
        assertUniform(shuffle, "conv1.0.weight", bound: 1 / 27.0.squareRoot())
    }
}
