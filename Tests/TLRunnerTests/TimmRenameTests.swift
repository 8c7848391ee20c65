import Foundation
import TLConfig
import TLEngine
import TLIO
import TLLayerCatalog
import TLTestSupport
import XCTest

@testable import TLGraph
@testable import TLRunner

/// The rename rules shipped in `examples/timm-*.yaml` turn timm's state_dict key list into torchvision's, tensor by
/// tensor with the same shapes, in the zoo network's order.
final class TimmRenameTests: XCTestCase {
    /// timm's key list for `timmName` renamed by the rules of example `example`.
    private func renamed(_ timmName: String, by example: String) throws -> [(String, [Int])] {
        let tensors = try fixtureShapes("timm_\(timmName)").map {
            StoredTensor(name: $0.0, shape: $0.1, values: .float32([]))
        }
        return try renamed(tensors, by: example).map { ($0.name, $0.shape) }
    }

    /// Asserts that `ours` names the tensors of `torchvision`, each with its shape (in any order).
    private func assertSameTensors(
        _ ours: [(String, [Int])], _ torchvision: [(String, [Int])], file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(ours.count, torchvision.count, file: file, line: line)
        XCTAssertEqual(Set(ours.map(\.0)), Set(torchvision.map(\.0)), file: file, line: line)
        let shapes = Dictionary(uniqueKeysWithValues: torchvision)
        for (name, shape) in ours { XCTAssertEqual(shapes[name], shape, name, file: file, line: line) }
    }

    /// `tensors` renamed by the rules of example `example` (each rule asserted to rename something).
    private func renamed(_ tensors: [StoredTensor], by example: String) throws -> [StoredTensor] {
        let result = PipelineValidator.standard.validate(file: repositoryRoot + "/examples/" + example, offline: true)
        XCTAssertTrue(result.isValid, "\(example): \(result.diagnostics.map(\.message))")
        let renamer = try TensorRenamer(result.pipeline.source.rename, file: example)
        let (kept, summary) = try renamer.apply(to: tensors, file: example)
        XCTAssertEqual(summary.unmatched, [], "every rule of \(example) renames something")
        XCTAssertEqual(summary.dropped, [])
        return kept
    }

    func testTimmEfficientNetB0BecomesTorchvisionsKeyList() throws {
        assertSameTensors(
            try renamed("efficientnet_b0", by: "timm-efficientnet_b0.yaml"), try fixtureShapes("efficientnet_b0"))
    }

    func testTimmConvNeXtTinyBecomesTorchvisionsKeyListWithTheLayerScaleReshaped() throws {
        let ours = try renamed("convnext_tiny", by: "timm-convnext_tiny.yaml")
        let torchvision = Dictionary(uniqueKeysWithValues: try fixtureShapes("convnext_tiny"))
        XCTAssertEqual(ours.count, torchvision.count)
        XCTAssertEqual(Set(ours.map(\.0)), Set(torchvision.keys))
        for (name, shape) in ours {
            let expected = try XCTUnwrap(torchvision[name], name)
            if name.hasSuffix(".layer_scale") {
                XCTAssertEqual(expected, shape + [1, 1], name)
                XCTAssertTrue(WeightLoader.lacksOnlyTrailingOnes(shape, of: expected), name)
            } else {
                XCTAssertEqual(expected, shape, name)
            }
        }
    }

    func testTimmResNet50NeedsNoRules() throws {
        let ours = try renamed("resnet50", by: "timm-resnet50.yaml")
        let torchvision = try fixtureShapes("resnet50")
        XCTAssertEqual(ours.map(\.0), torchvision.map(\.0))
        XCTAssertEqual(ours.map(\.1), torchvision.map(\.1))
    }

    func testTimmViTBase16BecomesTorchvisionsKeyListWithNothingSplit() throws {
        assertSameTensors(
            try renamed("vit_base_patch16_224", by: "timm-vit_base_patch16_224.yaml"), try fixtureShapes("vit_b_16"))
    }

    /// A narrow timm ViT's tensors, renamed by the example's rules, in the zoo's builder of the same sizes: timm's
    /// logits.
    func testANarrowTimmViTRenamedComputesTimmsLogits() throws {
        let weights = try Fixtures.tensors("timm_vit_mini.weights.safetensors")
        let golden = try Fixtures.tensors("timm_vit_mini.golden.safetensors")
        let tensors = try renamed(Array(weights.values), by: "timm-vit_base_patch16_224.yaml")
        let input = TensorShape([3, 16, 16])
        let model = VisionTransformer.model(name: "vit_mini", patch: 4, depth: 2, heads: 2, width: 8, mlpWidth: 16)
        let layers = ShapeInference.run(model.build(5), input: input).layers
        let store = try ParameterStore(layers: [], seed: 0)
        let network = try CompiledNetwork(
            layers: layers, input: input, batchSize: 4, store: store,
            frozen: Set(layers.flatMap(\.flattened).map(\.name)))
        XCTAssertEqual(Set(tensors.map(\.name)), Set(store.parameters.map(\.name)))
        for tensor in tensors {
            guard case .float32(let values) = tensor.values else { return XCTFail("\(tensor.name) is not float32") }
            try store.set(tensor.name, values: values)
        }
        guard case .float32(let image) = try XCTUnwrap(golden["input"]).values,
            case .float32(let expected) = try XCTUnwrap(golden["eval.logits"]).values
        else { return XCTFail("the golden tensors are float32") }
        network.input.buffer.copy(from: image)
        network.forward(training: false)
        let scale = expected.map(abs).max() ?? 1
        for (ours, theirs) in zip(network.output.values, expected) {
            XCTAssertEqual(ours, theirs, accuracy: 1e-4 * max(scale, 1))
        }
    }
}
