import XCTest

@testable import TLConfig

final class YAMLFileTests: XCTestCase {
    func testParsesAFileAndUsesItsPathInSpans() throws {
        let path = try yamlTemporaryDirectory(for: self).appendingPathComponent("config.yaml").path
        try Data("a: 1\nb: [x]\n".utf8).write(to: URL(fileURLWithPath: path))
        let root = try YAMLReader.parse(file: path)
        XCTAssertEqual(root.keyTexts, ["a", "b"])
        XCTAssertEqual(root.value(forKey: "b")?.span.file, path)
        XCTAssertEqual(root.value(forKey: "b")?.span.start, yamlPosition(2, 4))
    }

    func testMissingFileIsAnIOErrorNamingThePath() throws {
        let path = try yamlTemporaryDirectory(for: self).appendingPathComponent("missing.yaml").path
        let error = try XCTUnwrap(yamlError { try YAMLReader.parse(file: path) })
        XCTAssertEqual(error.code, "yaml/io")
        XCTAssertEqual(error.span.file, path)
        XCTAssertTrue(error.message.contains("'\(path)'"), error.message)
        XCTAssertTrue(error.message.contains("No such file"), error.message)
    }

    func testDirectoryIsAnIOError() throws {
        let path = try yamlTemporaryDirectory(for: self).path
        let error = try XCTUnwrap(yamlError { try YAMLReader.parse(file: path) })
        XCTAssertEqual(error.code, "yaml/io")
        XCTAssertTrue(error.message.contains("directory"), error.message)
    }

    func testAFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let path = try yamlTemporaryDirectory(for: self).appendingPathComponent("pipe.yaml").path
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        let error = try XCTUnwrap(yamlError { try YAMLReader.parse(file: path) })
        XCTAssertEqual(error.code, "yaml/io")
        XCTAssertEqual(error.span.file, path)
        XCTAssertTrue(error.message.contains("'\(path)': it is a FIFO (named pipe), not a regular file"), error.message)
    }

    func testLargeFileIsRefusedBeforeReading() throws {
        let url = try yamlTemporaryDirectory(for: self).appendingPathComponent("big.yaml")
        try Data(count: 10 * 1_048_576).write(to: url)
        let error = yamlError { try YAMLReader.parse(file: url.path) }
        XCTAssertEqual(error?.code, "yaml/too-large")
        XCTAssertTrue(error?.message.contains("10485760 bytes") ?? false, error?.message ?? "")
    }

    func testAnEndlessDeviceIsRefusedBeforeReading() throws {
        let error = try XCTUnwrap(
            yamlError { try YAMLReader.parse(file: "/dev/zero", limits: YAMLLimits(maxBytes: 4096)) })
        XCTAssertEqual(error.code, "yaml/io")
        XCTAssertTrue(error.message.contains("'/dev/zero': it is a device, not a regular file"), error.message)
    }

    func testInvalidUTF8IsAnEncodingErrorAtItsPosition() throws {
        let url = try yamlTemporaryDirectory(for: self).appendingPathComponent("bad.yaml")
        try Data([0x61, 0x3A, 0x20, 0x31, 0x0A, 0x62, 0x3A, 0x20, 0xC3, 0xA9, 0xFF, 0x0A]).write(to: url)
        let error = try XCTUnwrap(yamlError { try YAMLReader.parse(file: url.path) })
        XCTAssertEqual(error.code, "yaml/encoding")
        XCTAssertEqual(error.span.start, yamlPosition(2, 5))
        XCTAssertTrue(error.message.contains("not valid UTF-8"), error.message)
        XCTAssertTrue(error.message.contains("0xFF"), error.message)
    }

    func testByteOrderMarkIsAccepted() throws {
        let url = try yamlTemporaryDirectory(for: self).appendingPathComponent("bom.yaml")
        try Data([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8)).write(to: url)
        let root = try YAMLReader.parse(file: url.path)
        XCTAssertEqual(root.value(forKey: "a")?.resolved, .int(1))
        XCTAssertEqual(root.pairList.first?.key.span.start, yamlPosition(1, 1))
    }
}
