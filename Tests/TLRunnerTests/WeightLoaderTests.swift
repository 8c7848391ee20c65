import Foundation
import TLEngine
import TLGraph
import TLIO
import TLLayerCatalog
import TLTestSupport
import XCTest

@testable import TLRunner

final class WeightLoaderTests: XCTestCase {

    /// The graph of a pipeline written to a temporary file.
    private func graph(_ yaml: String) throws -> TransferGraph {
        let folder = temporaryFolder("runner")
        let file = folder + "/p.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let result = PipelineValidator.standard.validate(file: file)
        XCTAssertTrue(result.isValid, result.diagnostics.map(\.message).joined(separator: "\n"))
        return try XCTUnwrap(result.graph)
    }

    private func seedPipeline(_ rest: String) throws -> String {
        """
        version: 1
        name: w
        source: {model: seed-cnn, classes: 10, weights: \(try Fixtures.path("seed_cnn.pth"))}
        dataset: {type: synthetic, classes: 5}
        \(rest)
        """
    }

    func testGoogLeNetLoadsWithOrWithoutItsAuxiliaryClassifiersAndACutDropsThem() throws {
        let (whole, _) = TransferGraph.zoo(try XCTUnwrap(ModelZoo.model(named: "googlenet")), input: .image(3, 64, 64))
        let tensors = whole.layers.flatMap(\.flattened).flatMap(\.ownParameters).map {
            StoredTensor(
                name: $0.name, shape: $0.shape, values: .float32([Float](repeating: 0.5, count: $0.shape.reduce(1, *))))
        }
        let withoutAuxiliaries = tensors.filter { !$0.name.hasPrefix("aux") }
        let report = try WeightLoader.load(
            withoutAuxiliaries, from: "googlenet.pth", into: try ParameterStore(layers: whole.layers, seed: 1),
            graph: whole)
        XCTAssertEqual(report.missing, [String]())
        XCTAssertEqual(report.auxiliaryAbsent.count, tensors.count - withoutAuxiliaries.count)
        XCTAssertTrue(report.lines.contains { $0.contains("auxiliary classifiers, never run") }, "\(report.lines)")

        let cut = try graph(
            """
            version: 1
            name: g
            source: {model: googlenet, input: [3, 64, 64], weights: random}
            dataset: {type: synthetic, classes: 4, channels: 3, size: 64}
            case: 4
            """)
        XCTAssertEqual(cut.removed, ["aux1", "aux2", "fc"])
        XCTAssertEqual(cut.cutAfter, "dropout")
        XCTAssertFalse(cut.layers.contains { $0.op is AuxiliaryClassifierOp })
        let loaded = try WeightLoader.load(
            tensors, from: "googlenet.pth", into: try ParameterStore(layers: cut.layers, seed: 1), graph: cut)
        XCTAssertTrue(loaded.removed.contains("aux1.fc1.weight"))
        XCTAssertEqual(loaded.missing + loaded.unexpected + loaded.auxiliaryAbsent, [String]())
    }

    func testResNetCheckpointLoadsCompletelyAndGivesPyTorchsLogits() throws {
        let (graph, _) = TransferGraph.zoo(
            ModelZoo.resnet(name: "resnet-mini", blocks: [1, 1, 1, 1], widths: resnetMiniWidths),
            input: .image(3, 32, 32), classes: 5)
        let store = try ParameterStore(layers: graph.layers, seed: 9)
        let report = try WeightLoader.load(
            try WeightsFile.read(path: try Fixtures.path("resnet_mini.pth")), from: "resnet_mini.pth", into: store,
            graph: graph)
        XCTAssertEqual(report.applied.count, 74, "every tensor of the checkpoint, running statistics included")
        XCTAssertEqual(report.missing + report.unexpected + report.removed + report.reinitialised, [String]())
        let frozen = Set(graph.layers.flatMap(\.flattened).map(\.name))
        let network = try CompiledNetwork(
            layers: graph.layers, input: graph.input, batchSize: 4, store: store, frozen: frozen)
        let tensors = Dictionary(
            uniqueKeysWithValues: try Safetensors.read(path: try Fixtures.path("resnet_mini.golden.safetensors"))
                .tensors.map { ($0.name, $0) })
        guard case .float32(let input)? = tensors["input"]?.values,
            case .float32(let logits)? = tensors["eval.logits"]?.values
        else {
            return XCTFail("golden tensors missing")
        }
        network.input.buffer.copy(from: input)
        network.forward(training: false)
        for (ours, theirs) in zip(network.output.values, logits) {
            XCTAssertEqual(ours, theirs, accuracy: 1e-4 * max(1, abs(theirs)))
        }
    }

    func testANewHeadIsReinitialisedAndTheCutLayersAreRemovedNotUnexpected() throws {
        let headed = try graph(try seedPipeline("case: 1"))
        let store = try ParameterStore(layers: headed.layers, seed: 1)
        let fresh = store["fc3.weight"]!.value.array
        let report = try WeightLoader.load(
            try WeightsFile.read(path: try Fixtures.path("seed_cnn.pth")), from: "seed_cnn.pth", into: store,
            graph: headed)
        XCTAssertEqual(report.reinitialised, ["fc3.weight", "fc3.bias"])
        XCTAssertEqual(report.applied.count, 10)
        XCTAssertEqual(report.removed, [String](), "case 1 replaces fc3 under the same name")
        XCTAssertEqual(store["fc3.weight"]!.value.array, fresh, "the new head keeps its fresh initialisation")
        XCTAssertEqual(
            report.lines.first,
            "weights: 10 applied, 0 missing, 0 unexpected, 0 shape-mismatched, 0 removed by the cut, 2 re-initialised")

        let early = try graph(try seedPipeline("case: 2\nslice: conv2"))
        let earlyReport = try WeightLoader.load(
            try WeightsFile.read(path: try Fixtures.path("seed_cnn.pth")), from: "seed_cnn.pth",
            into: ParameterStore(layers: early.layers, seed: 1), graph: early)
        XCTAssertEqual(
            Set(earlyReport.removed),
            [
                "conv3.weight", "conv3.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight",
                "fc3.bias",
            ])
        XCTAssertEqual(earlyReport.unexpected, [String]())
    }

    func testWeightsOfAnotherShapeAreAClearError() throws {
        let wide = try graph(
            try seedPipeline("case: 1")
                .replacingOccurrences(of: "classes: 10,", with: "classes: 10, input: [3, 32, 32],")
                .replacingOccurrences(
                    of: "{type: synthetic, classes: 5}", with: "{type: synthetic, classes: 5, channels: 3, size: 32}"))
        XCTAssertThrowsError(
            try WeightLoader.load(
                try WeightsFile.read(path: try Fixtures.path("seed_cnn.pth")), from: "seed_cnn.pth",
                into: ParameterStore(layers: wide.layers, seed: 1), graph: wide)
        ) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("seed_cnn.pth: the weights do not fit the network"), text)
            XCTAssertTrue(
                text.contains(
                    "shape mismatch: conv1.weight is [32, 3, 3, 3] in the network, [32, 1, 3, 3] in the file"), text)
            XCTAssertTrue(text.contains("fc1.weight is [256, 2048] in the network, [256, 1152] in the file"), text)
        }
    }

    func testALayerScaleStoredWithoutItsTrailingOnesLoadsAndIsReportedButATransposedShapeIsRefused() throws {
        let (graph, _) = TransferGraph.zoo(ModelZoo.model(named: "convnext_tiny")!, input: .image(3, 32, 32))
        let store = try ParameterStore(layers: graph.layers, seed: 3)
        var tensors = store.parameters.map {
            StoredTensor(name: $0.name, shape: $0.shape, values: .float32($0.value.array))
        }
        let scale = try XCTUnwrap(tensors.firstIndex { $0.name == "features.1.0.layer_scale" })
        tensors[scale] = StoredTensor(
            name: "features.1.0.layer_scale", shape: [96], values: .float32((0..<96).map { Float($0) }))
        let report = try WeightLoader.load(tensors, from: "timm.pth", into: store, graph: graph)
        XCTAssertEqual(
            report.reshaped, [LoadReport.Mismatch(name: "features.1.0.layer_scale", expected: [96, 1, 1], got: [96])])
        XCTAssertEqual(store["features.1.0.layer_scale"]?.value.array, (0..<96).map { Float($0) })
        XCTAssertTrue(
            report.lines.contains(
                "  reshaped (1, trailing size-1 dimensions added): features.1.0.layer_scale is [96] in the file, "
                    + "[96, 1, 1] in the network"), "\(report.lines)")

        let depthwise = try XCTUnwrap(tensors.firstIndex { $0.name == "features.1.0.block.0.weight" })
        tensors[depthwise] = StoredTensor(
            name: "features.1.0.block.0.weight", shape: [1, 96, 7, 7],
            values: .float32(Array(repeating: 0, count: 4704)))
        XCTAssertThrowsError(try WeightLoader.load(tensors, from: "timm.pth", into: store, graph: graph)) { error in
            XCTAssertTrue(
                "\(error)".contains(
                    "shape mismatch: features.1.0.block.0.weight is [96, 1, 7, 7] in the network, [1, 96, 7, 7] in the file"
                ), "\(error)")
        }
    }
}
