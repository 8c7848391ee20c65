import Foundation
import TLConfig
import TLGraph
import TLIO
import TLLayerCatalog
import TLTestSupport
import XCTest

@testable import TLRunner

/// The rename rules shipped in `examples/timm-*.yaml` turn timm's state_dict key list into torchvision's, tensor by
/// tensor with the same shapes, in the zoo network's order.
final class TimmRenameTests: XCTestCase {
    /// timm's key list for `timmName` renamed by the rules of example `example`.
    private func renamed(_ timmName: String, by example: String) throws -> [(String, [Int])] {
        let result = PipelineValidator.standard.validate(file: repositoryRoot + "/examples/" + example, offline: true)
        XCTAssertTrue(result.isValid, "\(example): \(result.diagnostics.map(\.message))")
        let tensors = try fixtureShapes("timm_\(timmName)").map {
            StoredTensor(name: $0.0, shape: $0.1, values: .float32([]))
        }
        let renamer = try TensorRenamer(result.pipeline.source.rename, file: example)
        let (kept, summary) = try renamer.apply(to: tensors, file: example)
        XCTAssertEqual(summary.unmatched, [], "every rule of \(example) renames something")
        XCTAssertEqual(summary.dropped, [])
        return kept.map { ($0.name, $0.shape) }
    }

    func testTimmEfficientNetB0BecomesTorchvisionsKeyList() throws {
        let ours = try renamed("efficientnet_b0", by: "timm-efficientnet_b0.yaml")
        let torchvision = try fixtureShapes("efficientnet_b0")
        XCTAssertEqual(ours.count, torchvision.count)
        XCTAssertEqual(Set(ours.map(\.0)), Set(torchvision.map(\.0)))
        let shapes = Dictionary(uniqueKeysWithValues: torchvision)
        for (name, shape) in ours { XCTAssertEqual(shapes[name], shape, name) }
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
}
