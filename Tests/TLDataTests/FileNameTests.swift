import Foundation
import XCTest

@testable import TLData

/// File and folder names that are not UTF-8, and class folders whose names differ only in Unicode normalisation, are
/// named for what they are instead of being missing files or merged classes.
final class FileNameTests: XCTestCase {
    /// Writes `bytes` to the file whose name in `folder` is the raw `name` bytes (which need not be UTF-8).
    private func writeRaw(_ bytes: [UInt8], folder: String, name: [UInt8]) throws {
        let path = Array(folder.utf8) + [UInt8(ascii: "/")] + name + [0]
        let descriptor = path.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        XCTAssertGreaterThanOrEqual(descriptor, 0, "cannot create the test file")
        _ = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    /// Makes the folder whose name in `parent` is the raw `name` bytes.
    private func makeRawFolder(_ parent: String, name: [UInt8]) {
        let path = Array(parent.utf8) + [UInt8(ascii: "/")] + name + [0]
        let made = path.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) }
        }
        XCTAssertEqual(made, 0, "cannot create the test folder")
    }

    func testAnImageWhoseNameIsNotUTF8IsNamedWithEscapesNotCalledMissing() throws {
        let folder = temporaryFolder("latin1")
        imageFolder("\(folder)/images", classes: ["a", "b"], perClass: 10)
        try writeRaw(tinyPNG(3), folder: "\(folder)/images/a", name: Array("caf".utf8) + [0xE9] + Array(".png".utf8))
        XCTAssertThrowsError(try index("type: folder\npath: images", in: folder)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("\(folder)/images/a/caf\\xe9.png: the name is not valid UTF-8"), text)
            XCTAssertTrue(text.contains("rename it to a UTF-8 name"), text)
            XCTAssertFalse(text.contains("does not exist"), text)
        }
        let skipped = try index("type: folder\npath: images\non_error: skip\nmax_bad_fraction: 0.1", in: folder)
        XCTAssertEqual(
            skipped.skipped.map(\.problem).first?.hasPrefix("the name is not valid UTF-8"), true, "\(skipped.skipped)")
        XCTAssertEqual(
            skipped.train.samples.count + (skipped.val?.samples.count ?? 0) + (skipped.test?.samples.count ?? 0), 20)
    }

    func testAClassFolderWhoseNameIsNotUTF8IsAnErrorNotAMissingClass() throws {
        let folder = temporaryFolder("latin1-class")
        imageFolder("\(folder)/images", classes: ["a", "b"], perClass: 10)
        makeRawFolder("\(folder)/images", name: [0x6E, 0xE4, 0x68])
        XCTAssertThrowsError(try index("type: folder\npath: images", in: folder)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(folder)/images/n\\xe4h: the name is not valid UTF-8"), "\(error)")
        }
        try writeRaw(tinyPNG(1), folder: "\(folder)/images", name: [0x72, 0xE9, 0x61, 0x64, 0x6D, 0x65])
        XCTAssertNil(
            FileNameBytes.problem(listedPath: "\(folder)/images/r\u{FFFD}adme", foldersOnly: true),
            "a stray file beside the class folders is ignored, as other files there are")
    }

    func testClassFoldersWhoseNamesDifferOnlyInNormalisationAreNamedNotMerged() throws {
        let folder = temporaryFolder("nfd")
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        XCTAssertNotEqual(Array(composed.utf8), Array(decomposed.utf8))
        imageFolder("\(folder)/images", classes: [composed, decomposed, "tea"], perClass: 10)
        XCTAssertThrowsError(try index("type: folder\npath: images", in: folder)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("\(folder)/images: the class folders"), text)
            XCTAssertTrue(text.contains("(caf\\u{E9})") && text.contains("(cafe\\u{301})"), text)
            XCTAssertTrue(text.contains("differ only in Unicode normalisation"), text)
            XCTAssertFalse(text.contains("no usable training images"), text)
        }
        let distinct = temporaryFolder("nfc")
        imageFolder("\(distinct)/images", classes: [composed, "cafe", "tea"], perClass: 10)
        XCTAssertEqual(try index("type: folder\npath: images", in: distinct).classNames, ["cafe", composed, "tea"])
    }

    func testEscapingShowsBadBytesAndBackslashes() {
        XCTAssertEqual(FileNameBytes.escaped(Array("a\\b".utf8) + [0xFF, 0x0A]), "a\\x5cb\\xff\\x0a")
    }
}
