import Foundation
import XCTest

final class InspectCommandTests: XCTestCase {
    func testZooListsEveryModelWithTorchvisionParameterCounts() throws {
        let result = try tlrun("zoo")
        XCTAssertEqual(result.status, 0)
        for expected in [
            "seed-cnn", "422,026", "resnet18", "11,689,512", "resnet34", "21,797,672", "vgg11", "132,863,336",
            "vgg16", "138,357,544", "alexnet", "61,100,840",
        ] {
            XCTAssertTrue(result.stdout.contains(expected), expected)
        }
    }

    func testZooModelTableAtAnotherInputAndAsJSON() throws {
        let result = try tlrun("zoo", "resnet18", "--input", "3x64x64", "--classes", "10", "--format", "json")
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let layers = json["layers"] as! [[String: Any]]
        XCTAssertEqual(layers.first { $0["name"] as? String == "layer4.1" }?["output"] as? [Int], [512, 2, 2])
        XCTAssertEqual(layers.last?["output"] as? [Int], [10])
        XCTAssertEqual((json["totals"] as! [String: Any])["parameters"] as? Int, 11_181_642)
        let cuts = json["cut_points"] as! [[String: Any]]
        XCTAssertEqual(
            cuts.compactMap { $0["slice"] as? String }, ["maxpool", "layer1", "layer2", "layer3", "avgpool"])
        XCTAssertEqual(cuts.first { $0["slice"] as? String == "layer3" }?["output"] as? [Int], [256, 4, 4])
    }

    func testZooModelTableEndsWithItsCutPoints() throws {
        let result = try tlrun("zoo", "mnasnet1_0")
        XCTAssertEqual(result.status, 0, result.stderr)
        let cuts = try XCTUnwrap(result.stdout.components(separatedBy: "cut points").last)
        for expected in ["layers.8      N×24×56×56", "layers.13     N×320×7×7", "classifier.0  N×1280"] {
            XCTAssertTrue(cuts.contains(expected), cuts)
        }
        XCTAssertFalse(cuts.contains("layers.8.1"), "cuts between the blocks of one stack are left out: \(cuts)")
    }

    func testZooRejectsUnknownModelsAndBadInputsAsUsageErrors() throws {
        let unknown = try tlrun("zoo", "resnet19")
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("did you mean 'resnet18'"), unknown.stderr)
        XCTAssertEqual(try tlrun("zoo", "resnet18", "--input", "64x64").status, 2)
        let tiny = try tlrun("zoo", "alexnet", "--input", "3x16x16")
        XCTAssertEqual(tiny.status, 1)
        XCTAssertTrue(tiny.stdout.contains("collapses"), tiny.stdout)
    }

    func testSummaryShowsTheCutFreezingAndTotals() throws {
        let result = try tlrun("summary", "pipelines/case1.yaml", "--offline")
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(
            result.stdout.contains("case 1 shorthand set: freeze=all, slice.before=fc3, head[0].op=linear"),
            result.stdout)
        XCTAssertTrue(result.stdout.contains("── cut after fc2.relu (removed: fc3); head ──"), result.stdout)
        XCTAssertTrue(result.stdout.contains("trainable    645\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("parameters   421,381\n"), result.stdout)
    }

    func testSummaryExplainNamesWhereEachValueCameFrom() throws {
        let result = try tlrun(
            "summary", "pipelines/case1.yaml", "--offline", "--explain", "--set", "optimizer.lr=0.01")
        XCTAssertEqual(result.status, 0, result.stdout)
        let lines = result.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        XCTAssertTrue(lines.contains("optimizer.lr 0.01 --set optimizer.lr=0.01"), result.stdout)
        XCTAssertTrue(lines.contains("train.epochs 15 pipelines/case1.yaml:22:11"), result.stdout)
        XCTAssertTrue(lines.contains("optimizer.type adam pipelines/base/seed-cnn.yaml:15:9"), result.stdout)
        XCTAssertTrue(lines.contains("slice.before fc3 (case 1)"), result.stdout)
        XCTAssertTrue(lines.contains("optimizer.eps 1e-08 (default)"), result.stdout)
    }

    func testSummaryOfAnInvalidPipelineExitsWithOne() throws {
        let result = try tlrun("summary", "pipelines/case1.yaml", "--offline", "--set", "slice=fc9")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("error[slice/unknown-layer]"), result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "pipelines/case1.yaml: invalid; no summary (run 'tlrun validate pipelines/case1.yaml'"), result.stderr)
        XCTAssertEqual(result.stdout, "", "problems go to standard error")
    }
}
