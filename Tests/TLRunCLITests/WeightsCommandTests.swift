import Foundation
import TLIO
import XCTest

final class WeightsCommandTests: XCTestCase {
    func testInspectListsEveryTensorWithItsDtypeAndShape() throws {
        let result = try tlrun("inspect-weights", try Fixtures.path("resnet_mini.pth"))
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(
            result.stdout.contains("layer4.0.downsample.1.num_batches_tracked  int64    scalar"), result.stdout)
        XCTAssertTrue(result.stdout.contains("fc.weight"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("74 tensors, 79,369 elements (79,357 floating point)\n"), result.stdout)
    }

    func testConvertGivesTheSameTensorsAsSafetensors() throws {
        let output = temporaryFolder() + "/seed.safetensors"
        let result = try tlrun("convert", try Fixtures.path("seed_cnn.pth"), output)
        XCTAssertEqual(result.status, 0, result.stdout)
        let converted = try Safetensors.read(path: output)
        let reference = try Safetensors.read(path: try Fixtures.path("seed_cnn.weights.safetensors"))
        XCTAssertEqual(converted.tensors, reference.tensors)
        XCTAssertEqual(converted.metadata["format"], "pt")
    }

    func testBadFilesAndUsageAreClearErrors() throws {
        let folder = temporaryFolder()
        let broken = folder + "/broken.pth"
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: broken))
        let result = try tlrun("inspect-weights", broken)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("error: \(broken): "), result.stderr)
        XCTAssertEqual(result.stdout, "", "errors go to standard error only")
        XCTAssertEqual(try tlrun("convert", try Fixtures.path("seed_cnn.pth"), folder + "/out.bin").status, 2)
    }
}

/// `inspect-weights` shows the element type each tensor is stored in, not the type tlrun converts it to.
final class InspectStoredTypeTests: XCTestCase {
    /// A safetensors file with one 2-element tensor per (name, dtype, bytes per element).
    private func safetensors(_ tensors: [(String, String, Int)]) throws -> String {
        var header: [String] = [], offset = 0
        for (name, dtype, size) in tensors {
            header.append(
                "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":[2],\"data_offsets\":[\(offset),\(offset + 2 * size)]}")
            offset += 2 * size
        }
        var text = Array(("{" + header.joined(separator: ",") + "}").utf8)
        while text.count % 8 != 0 { text.append(UInt8(ascii: " ")) }
        var bytes = withUnsafeBytes(of: UInt64(text.count).littleEndian) { Array($0) } + text
        bytes += [UInt8](repeating: 0, count: offset)
        let path = temporaryFolder() + "/mixed.safetensors"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testEveryStoredTypeIsShownAndCountedRight() throws {
        let path = try safetensors([
            ("half", "F16", 2), ("brain", "BF16", 2), ("double", "F64", 8), ("single", "F32", 4),
            ("count", "I64", 8),
        ])
        let result = try tlrun("inspect-weights", path)
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = Dictionary(
            uniqueKeysWithValues: result.stdout.split(separator: "\n").compactMap { line -> (String, String)? in
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                return fields.count >= 2 ? (String(fields[0]), String(fields[1])) : nil
            })
        XCTAssertEqual(rows["half"], "float16", result.stdout)
        XCTAssertEqual(rows["brain"], "bfloat16", result.stdout)
        XCTAssertEqual(rows["double"], "float64", result.stdout)
        XCTAssertEqual(rows["single"], "float32", result.stdout)
        XCTAssertEqual(rows["count"], "int64", result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("5 tensors, 10 elements (8 floating point)\n"), result.stdout)
        let json = try tlrun("inspect-weights", path, "--format", "json")
        XCTAssertTrue(
            json.stdout.contains("\"dtype\": \"bfloat16\"") || json.stdout.contains("\"dtype\":\"bfloat16\""),
            json.stdout)
    }
}
