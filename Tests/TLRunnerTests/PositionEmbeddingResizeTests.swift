import TLEngine
import TLIO
import TLTestSupport
import XCTest

@testable import TLGraph
@testable import TLRunner

/// A ViT's position embedding at another input size: torchvision's `interpolate_embeddings` (make_fixtures.py's
/// `position_embedding_resize`), and the load report that says so.
final class PositionEmbeddingResizeTests: XCTestCase {
    private func floats(_ tensors: [String: StoredTensor], _ name: String) throws -> [Float] {
        guard case .float32(let values) = try XCTUnwrap(tensors[name]).values else {
            XCTFail("\(name) is not float32")
            return []
        }
        return values
    }

    func testBicubicResizeKeepsTheClassTokenAndMatchesTorchvision() throws {
        let tensors = try Fixtures.tensors("position_embedding_resize.safetensors")
        let before = try floats(tensors, "before")
        for side in [6, 3] {
            let expected = try floats(tensors, "after_\(side)")
            let ours = try XCTUnwrap(
                PositionEmbeddingResize.resize(before, channels: 3, stored: 17, wanted: side * side + 1))
            XCTAssertEqual(ours.count, expected.count)
            XCTAssertEqual(Array(ours.prefix(3)), Array(before.prefix(3)), "the class token's entry is kept")
            for (a, b) in zip(ours, expected) { XCTAssertEqual(a, b, accuracy: 1e-5, "grid \(side)x\(side)") }
        }
        XCTAssertNil(PositionEmbeddingResize.resize(before, channels: 3, stored: 17, wanted: 11), "10 patches")
    }

    func testACheckpointForAnotherInputSizeLoadsWithItsEmbeddingInterpolatedAndReported() throws {
        let model = VisionTransformer.model(name: "vit_mini", patch: 4, depth: 2, heads: 2, width: 8, mlpWidth: 16)
        let (graph, problems) = TransferGraph.zoo(model, input: .image(3, 24, 24), classes: 5)
        XCTAssertEqual(problems.map(\.message), [])
        let weights = try Fixtures.tensors("vit_mini.weights.safetensors")
        let store = try ParameterStore(layers: graph.layers, seed: 1)
        let report = try WeightLoader.load(Array(weights.values), from: "vit_mini.pth", into: store, graph: graph)
        XCTAssertEqual(report.missing + report.unexpected, [String]())
        XCTAssertEqual(
            report.interpolated,
            [LoadReport.Mismatch(name: "encoder.pos_embedding", expected: [1, 37, 8], got: [1, 17, 8])])
        XCTAssertTrue(
            report.lines.contains(
                "  interpolated (bicubic, class token kept): encoder.pos_embedding is [1, 17, 8] in the file, "
                    + "[1, 37, 8] for this input size"), "\(report.lines)")
        let stored = try floats(weights, "encoder.pos_embedding")
        XCTAssertEqual(
            store["encoder.pos_embedding"]!.value.array,
            PositionEmbeddingResize.resize(stored, channels: 8, stored: 17, wanted: 37))
    }

    func testAnEmbeddingThatCannotBeInterpolatedIsAShapeMismatchNamingTheFile() throws {
        let model = VisionTransformer.model(name: "vit_mini", patch: 4, depth: 2, heads: 2, width: 8, mlpWidth: 16)
        // 4x6 patches: torchvision's interpolation (and tlrun's) needs a square grid.
        let (graph, _) = TransferGraph.zoo(model, input: .image(3, 16, 24), classes: 5)
        let weights = try Fixtures.tensors("vit_mini.weights.safetensors")
        XCTAssertThrowsError(
            try WeightLoader.load(
                Array(weights.values), from: "vit_mini.pth", into: try ParameterStore(layers: graph.layers, seed: 1),
                graph: graph)
        ) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("vit_mini.pth"), text)
            XCTAssertTrue(
                text.contains(
                    "shape mismatch: encoder.pos_embedding is [1, 25, 8] in the network, [1, 17, 8] in the file"),
                text)
        }
    }
}
