import Foundation
import TLConfig
import TLEngine
import TLGraph
import TLIO
import TLLayerCatalog
import TLTestSupport
import XCTest

@testable import TLRunner

final class SourceWeightsTests: XCTestCase {
    private var folder = ""

    override func setUp() {
        folder = temporaryFolder("source-weights")
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(atPath: folder)
    }

    /// The golden seed-cnn tensors, each renamed by `rename`, plus `extra`, written as `name` in the test folder.
    private func checkpoint(_ name: String, rename: (String) -> String, extra: [StoredTensor] = []) throws -> String {
        var tensors = try Safetensors.read(path: try Fixtures.path("seed_cnn.weights.safetensors")).tensors
        for index in tensors.indices { tensors[index].name = rename(tensors[index].name) }
        let path = folder + "/" + name
        try Safetensors.write(tensors + extra, metadata: [:], to: path)
        return path
    }

    /// The validated pipeline and graph of a seed-cnn pipeline whose `source` adds `source` to the model.
    private func validate(_ source: String) throws -> (Pipeline, TransferGraph) {
        let file = folder + "/p.yaml"
        try
            "version: 1\nname: s\ndataset: {type: synthetic, classes: 10}\nsource:\n  model: seed-cnn\n\(source)head: []\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let result = PipelineValidator.standard.validate(file: file)
        XCTAssertTrue(result.isValid, result.diagnostics.map(\.message).joined(separator: "\n"))
        return (result.pipeline, try XCTUnwrap(result.graph))
    }

    private let aux = StoredTensor(name: "aux.weight", shape: [2], values: .float32([1, 2]))

    func testPrefixedNamesLoadCompletelyWithStripAndDropRules() throws {
        let path = try checkpoint("backbone.safetensors", rename: { "backbone." + $0 }, extra: [aux])
        let (pipeline, graph) = try validate(
            "  weights: backbone.safetensors\n  rename: [{strip_prefix: backbone.}, {drop: \"^aux\\\\.\"}]\n")
        let store = try ParameterStore(layers: graph.layers, seed: 1)
        let report = try SourceWeights.load(pipeline.source, path: path, into: store, graph: graph)
        XCTAssertEqual(report.applied.count, 12, "every seed-cnn tensor")
        XCTAssertEqual(report.missing + report.unexpected + report.removed + report.reinitialised, [String]())
        XCTAssertEqual(report.renaming, RenameSummary(changed: 12, dropped: ["aux.weight"], unmatched: []))
        XCTAssertEqual(report.lines[1], "  renamed by source.rename: 12 names changed, 1 dropped (aux.weight)")
        let expected = try Safetensors.read(path: try Fixtures.path("seed_cnn.weights.safetensors")).tensors.first {
            $0.name == "fc2.weight"
        }
        XCTAssertEqual(
            expected?.values, .float32(store["fc2.weight"]!.value.array), "the file's values, under the network's name")
    }

    func testPrefixedNamesWithoutRulesFailNamingTheMissingTensorsAndTheFix() throws {
        let path = try checkpoint("backbone.safetensors", rename: { "backbone." + $0 }, extra: [aux])
        let (pipeline, graph) = try validate("  weights: backbone.safetensors\n")
        XCTAssertThrowsError(
            try SourceWeights.load(
                pipeline.source, path: path, into: ParameterStore(layers: graph.layers, seed: 1), graph: graph)
        ) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix(path + ": the weights do not fit the network"), text)
            XCTAssertTrue(text.contains("0 applied, 12 missing, 13 unexpected"), text)
            XCTAssertTrue(text.contains("  missing: conv1.weight, conv1.bias"), text)
            XCTAssertTrue(text.contains("  unexpected: aux.weight, backbone.conv1.bias, backbone.conv1.weight"), text)
            XCTAssertTrue(
                text.hasSuffix(
                    "hint: the file's names start with 'backbone.' where the network's do not: "
                        + "add 'rename: [{strip_prefix: backbone.}]' under 'source'"), text)
        }
    }

    func testAnotherZooNetworksCheckpointIsNamedAsSuch() throws {
        let resnet50 = ModelZoo.model(named: "resnet50")!
        let layers = ShapeInference.run(resnet50.build(1000), input: resnet50.defaultInput).layers
        let tensors = layers.flatMap(\.allParameters).map {
            StoredTensor(name: $0.name, shape: [1], values: .float32([0]))
        }
        let path = folder + "/resnet50.safetensors"
        try Safetensors.write(tensors, metadata: [:], to: path)
        let file = folder + "/p.yaml"
        try
            "version: 1\nname: s\ndataset: {type: synthetic, classes: 10, size: 64, channels: 3}\nsource: {model: resnet18, input: [3, 64, 64], weights: resnet50.safetensors}\ncase: 1\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let result = PipelineValidator.standard.validate(file: file)
        let graph = try XCTUnwrap(result.graph, result.diagnostics.map(\.message).joined(separator: "\n"))
        XCTAssertThrowsError(
            try SourceWeights.load(
                result.pipeline.source, path: path, into: ParameterStore(layers: graph.layers, seed: 1),
                graph: graph)
        ) { error in
            XCTAssertTrue(
                "\(error)".hasSuffix(
                    "hint: the file's tensor names are those of resnet50 (\(tensors.count) of \(tensors.count) in common): "
                        + "set 'source.model: resnet50', or give the weights of the pipeline's network"), "\(error)")
        }
    }

    func testTwoTensorsRenamedToOneNameIsAnErrorNamingBothOriginals() throws {
        let duplicate = StoredTensor(name: "conv1.bias", shape: [32], values: .float32(Array(repeating: 0, count: 32)))
        let path = try checkpoint("mixed.safetensors", rename: { "backbone." + $0 }, extra: [duplicate])
        let (pipeline, _) = try validate(
            "  weights: mixed.safetensors\n  rename: [{regex: '^backbone\\.(.*)$', replace: '$1'}]\n")
        XCTAssertThrowsError(try SourceWeights.read(pipeline.source, path: path)) { error in
            XCTAssertEqual(
                "\(error)",
                path
                    + ": the rename rules give two tensors the name 'conv1.bias': 'backbone.conv1.bias' and 'conv1.bias' "
                    + "(make the rules more specific, or leave one out with a drop rule)")
        }
    }

    func testACheckpointIsReadAtItsKeyAndRulesThatMatchNothingAreReported() throws {
        let (pipeline, _) = try validate(
            "  weights: \(try Fixtures.path("seed_cnn.pth"))\n  rename: [{regex: '^fc(\\d)', replace: 'head$1'}, {strip_prefix: module.}]\n"
        )
        let read = try SourceWeights.read(pipeline.source, path: try Fixtures.path("seed_cnn.pth"))
        XCTAssertEqual(read.tensors.map(\.name).suffix(2), ["head3.weight", "head3.bias"])
        XCTAssertEqual(
            read.renaming,
            RenameSummary(changed: 6, dropped: [], unmatched: ["source.rename[1] {strip_prefix: \"module.\"}"]))
        XCTAssertEqual(
            read.renaming?.lines.last,
            "  rename rule source.rename[1] {strip_prefix: \"module.\"} matched no tensor name")

        let (nested, _) = try validate("  weights: \(try Fixtures.path("seed_cnn.pth"))\n  key: model\n")
        XCTAssertThrowsError(try SourceWeights.read(nested.source, path: try Fixtures.path("seed_cnn.pth"))) { error in
            XCTAssertTrue("\(error)".contains("the checkpoint has no key 'model'"), "\(error)")
        }
    }
}
